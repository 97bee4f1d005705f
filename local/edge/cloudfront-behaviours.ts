import { readResourceTemplate } from '../../adapters/cloudformation/read-template.js';

export interface Behaviour {
  pathPattern: string;
  origin: string;
  matches(path: string): boolean;
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

interface DistributionConfig {
  DefaultCacheBehavior: { TargetOriginId: string };
  CacheBehaviors?: { PathPattern: string; TargetOriginId: string }[];
}

/** The distribution's behaviours from resources/cdn.yml, in CloudFront's order: first match wins, then the default. */
export function cloudFrontBehaviours(): { behaviours: Behaviour[]; defaultOrigin: string } {
  const { Resources } = readResourceTemplate('cdn.yml');
  const distribution = Object.values(Resources).find((r) => r.Type === 'AWS::CloudFront::Distribution');
  if (!distribution) throw new Error('resources/cdn.yml declares no CloudFront distribution');
  const config = distribution.Properties.DistributionConfig as DistributionConfig;
  return {
    behaviours: (config.CacheBehaviors ?? []).map((b) => ({
      pathPattern: b.PathPattern,
      origin: b.TargetOriginId,
      matches: compilePathPattern(b.PathPattern),
    })),
    defaultOrigin: config.DefaultCacheBehavior.TargetOriginId,
  };
}

export function originFor(path: string, routes: ReturnType<typeof cloudFrontBehaviours>): string {
  return routes.behaviours.find((b) => b.matches(path))?.origin ?? routes.defaultOrigin;
}
