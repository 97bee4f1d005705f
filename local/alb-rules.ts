import { readResourceTemplate } from '../adapters/cloudformation/read-template.js';
import { compilePathPattern } from './edge/cloudfront-behaviours.js';

export interface AlbRule {
  priority: number;
  matches: (path: string) => boolean;
  targetGroup: string;
}

/** Listener rules and health-check paths from resources/alb.yml, in priority order. */
export function albRules(): { rules: AlbRule[]; healthChecks: Record<string, string> } {
  const { Resources } = readResourceTemplate('alb.yml');
  const rules: AlbRule[] = [];
  const healthChecks: Record<string, string> = {};
  for (const [id, resource] of Object.entries(Resources)) {
    const props = resource.Properties as Record<string, unknown>;
    if (resource.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup')
      healthChecks[id] = String(props.HealthCheckPath ?? '/');
    if (resource.Type !== 'AWS::ElasticLoadBalancingV2::ListenerRule') continue;
    const conditions = props.Conditions as { Field: string; PathPatternConfig: { Values: string[] } }[];
    const patterns = conditions
      .filter((c) => c.Field === 'path-pattern')
      .flatMap((c) => c.PathPatternConfig.Values.map(compilePathPattern));
    const forward = (props.Actions as { TargetGroupArn: { Ref: string } }[])[0]!;
    rules.push({
      priority: Number(props.Priority),
      matches: (path) => patterns.some((p) => p(path)),
      targetGroup: forward.TargetGroupArn.Ref,
    });
  }
  return { rules: rules.sort((a, b) => a.priority - b.priority), healthChecks };
}
