import { readResourceTemplate } from '../../adapters/cloudformation/read-template.js';
import { type CloudFrontFunction, compileCloudFrontFunction } from './cloudfront-function.js';
import { type ResponseHeadersPolicyConfig, responseHeadersPolicyFor } from './response-headers-policy.js';

export interface Behaviour {
  /** `*` for the default behaviour. */
  pathPattern: string;
  origin: string;
  matches(path: string): boolean;
  /** CloudFront's default is GET and HEAD. */
  allowedMethods: string[];
  /** The response headers policy the behaviour names (read from the template), if any. */
  responseHeadersPolicy?: ResponseHeadersPolicyConfig;
  /** The CloudFront function associated with viewer-request events, if any. */
  viewerRequest?: CloudFrontFunction;
}

/** CloudFront path patterns: case-sensitive, `*` is any run of characters, `?` exactly one. */
export function compilePathPattern(pattern: string): (path: string) => boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}

interface BehaviourConfig {
  PathPattern?: string;
  TargetOriginId: string;
  AllowedMethods?: string[];
  ResponseHeadersPolicyId?: unknown;
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
}
interface DistributionConfig {
  DefaultCacheBehavior: BehaviourConfig;
  CacheBehaviors?: BehaviourConfig[];
}

/** `!GetAtt Fn.FunctionMetadata.FunctionARN` (either form) to `Fn`. */
function functionResource(arn: unknown): string | undefined {
  const getAtt = (arn as { 'Fn::GetAtt'?: unknown })?.['Fn::GetAtt'];
  const parts = typeof getAtt === 'string' ? getAtt.split('.') : Array.isArray(getAtt) ? getAtt : [];
  return typeof parts[0] === 'string' ? parts[0] : undefined;
}

/** The distribution's behaviours from resources/cdn.yml, in CloudFront's order: first match wins, then the default. */
export function cloudFrontBehaviours(): {
  behaviours: Behaviour[];
  defaultOrigin: string;
  defaultBehaviour: Behaviour;
} {
  const { Resources } = readResourceTemplate('cdn.yml');
  const distribution = Object.values(Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution');
  if (!distribution) throw new Error('resources/cdn.yml declares no CloudFront distribution');
  const config = distribution.Properties.DistributionConfig as DistributionConfig;
  const behaviour = (b: BehaviourConfig): Behaviour => {
    const pathPattern = b.PathPattern ?? '*';
    const where = `the ${pathPattern} behaviour`;
    const viewerRequest = (b.FunctionAssociations ?? []).find((f) => f.EventType === 'viewer-request');
    let compiled: CloudFrontFunction | undefined;
    if (viewerRequest) {
      const name = functionResource(viewerRequest.FunctionARN);
      const fn = name ? Resources[name] : undefined;
      if (fn?.Type !== 'AWS::CloudFront::Function')
        throw new Error(
          `${where}: its viewer-request function is not a CloudFront function of this template`,
        );
      compiled = compileCloudFrontFunction(String(fn.Properties.FunctionCode), name!);
    }
    return {
      pathPattern,
      origin: b.TargetOriginId,
      matches: compilePathPattern(pathPattern),
      allowedMethods: b.AllowedMethods ?? ['GET', 'HEAD'],
      responseHeadersPolicy: responseHeadersPolicyFor(b.ResponseHeadersPolicyId, Resources, where),
      viewerRequest: compiled,
    };
  };
  const defaultBehaviour = behaviour(config.DefaultCacheBehavior);
  return {
    behaviours: (config.CacheBehaviors ?? []).map(behaviour),
    defaultOrigin: defaultBehaviour.origin,
    defaultBehaviour,
  };
}

export function behaviourFor(path: string, routes: ReturnType<typeof cloudFrontBehaviours>): Behaviour {
  return routes.behaviours.find((b) => b.matches(path)) ?? routes.defaultBehaviour;
}

export function originFor(path: string, routes: ReturnType<typeof cloudFrontBehaviours>): string {
  return behaviourFor(path, routes).origin;
}
