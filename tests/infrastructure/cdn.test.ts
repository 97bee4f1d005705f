import { beforeAll, describe, expect, it } from 'vitest';
import { compileCloudFrontFunction, viewerRequestOf } from '../../local/edge/cloudfront-function.js';
import { packagedTemplate, resource, resourcesOfType, stringsIn, type Template } from './template.js';

let template: Template;
// Packaging takes a few seconds, longer on a busy machine.
beforeAll(async () => {
  template = await packagedTemplate('ci');
}, 180_000);

interface Behaviour {
  PathPattern?: string;
  TargetOriginId: string;
  ViewerProtocolPolicy: string;
  Compress?: boolean;
  CachePolicyId: unknown;
  ResponseHeadersPolicyId: unknown;
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
}

const distribution = () =>
  resource(template, 'Distribution').Properties.DistributionConfig as {
    DefaultCacheBehavior: Behaviour;
    CacheBehaviors: Behaviour[];
  };
const behaviours = () => [distribution().DefaultCacheBehavior, ...distribution().CacheBehaviors];
const policyConfig = () => {
  const policies = resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy');
  expect(policies.map(([id]) => id)).toEqual(['SecurityHeadersPolicy']);
  return policies[0]![1].Properties.ResponseHeadersPolicyConfig as {
    SecurityHeadersConfig: Record<string, Record<string, unknown>>;
    CustomHeadersConfig: { Items: { Header: string; Value: string; Override: boolean }[] };
  };
};

describe('CloudFront response headers policy (resources/cdn.yml)', () => {
  it('every behaviour, the site and each API path, uses the one custom policy, no managed one', () => {
    for (const behaviour of behaviours())
      expect(behaviour.ResponseHeadersPolicyId, behaviour.PathPattern ?? 'default').toEqual({
        Ref: 'SecurityHeadersPolicy',
      });
    // Managed-SecurityHeadersPolicy's id, which this policy replaces.
    expect(stringsIn(template.Resources).join('\n')).not.toContain('67f7725c-6f97-4210-82d7-5512b31e9d03');
  });

  it('sends a CSP that allows scripts and styles from the site only (no inline, no eval)', () => {
    const csp = policyConfig().SecurityHeadersConfig.ContentSecurityPolicy!;
    expect(csp.Override).toBe(true);
    const directives = Object.fromEntries(
      String(csp.ContentSecurityPolicy)
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );
    expect(directives).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'object-src': ["'none'"],
    });
    expect(String(csp.ContentSecurityPolicy)).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('sends HSTS for a year (subdomains too), nosniff, DENY framing, strict-origin-when-cross-origin', () => {
    const security = policyConfig().SecurityHeadersConfig;
    expect(security.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 31536000,
      IncludeSubdomains: true,
      Preload: false,
      Override: true,
    });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ReferrerPolicy).toEqual({
      ReferrerPolicy: 'strict-origin-when-cross-origin',
      Override: true,
    });
  });

  it('sends a Permissions-Policy that turns off the device features the shop does not use', () => {
    const [permissions, ...others] = policyConfig().CustomHeadersConfig.Items;
    expect(others).toEqual([]);
    expect(permissions).toMatchObject({ Header: 'Permissions-Policy', Override: true });
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
      expect(permissions!.Value).toContain(`${feature}=()`);
  });
});

describe('the storefront behaviour (default)', () => {
  it('serves the site bucket over HTTPS, compressed, with the SPA fallback on viewer requests', () => {
    const site = distribution().DefaultCacheBehavior;
    expect(site).toMatchObject({ TargetOriginId: 'SiteBucket', ViewerProtocolPolicy: 'redirect-to-https' });
    expect(site.Compress).toBe(true);
    expect(site.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': ['SpaFallbackFunction', 'FunctionMetadata.FunctionARN'] },
      },
    ]);
    // The API behaviours run the request-context function instead (request id + traceparent); the images none.
    for (const behaviour of distribution().CacheBehaviors)
      expect(behaviour.FunctionAssociations, behaviour.PathPattern).toEqual(
        behaviour.PathPattern?.startsWith('/api')
          ? [
              {
                EventType: 'viewer-request',
                FunctionARN: { 'Fn::GetAtt': ['RequestContextFunction', 'FunctionMetadata.FunctionARN'] },
              },
            ]
          : undefined,
      );
  });

  it("caches each file as long as the object's Cache-Control says, gzip and brotli apart, nothing else in the key", () => {
    expect(distribution().DefaultCacheBehavior.CachePolicyId).toEqual({ Ref: 'SiteCachePolicy' });
    const config = resource(template, 'SiteCachePolicy').Properties.CachePolicyConfig as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 31536000,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
      },
    });
  });

  it('the fallback function rewrites deep links to /index.html and leaves files and /api paths alone', () => {
    const fn = resource(template, 'SpaFallbackFunction').Properties;
    expect(fn.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    const handler = compileCloudFrontFunction(String(fn.FunctionCode), 'SpaFallbackFunction');
    const uriAfter = (path: string) => {
      const result = handler(viewerRequestOf('GET', new URL(path, 'https://shop'), {}), '192.0.2.1');
      return 'request' in result ? result.request.uri : 'an answer';
    };
    expect(uriAfter('/')).toBe('/index.html');
    expect(uriAfter('/products/blue-kettle')).toBe('/index.html');
    expect(uriAfter('/assets/index-B1x2Y3z4.js')).toBe('/assets/index-B1x2Y3z4.js');
    expect(uriAfter('/api/unknown')).toBe('/api/unknown');
    expect(uriAfter('/api')).toBe('/api');
  });

  it('CloudFront alone reads the bucket (objects, and listing so a missing file is 404, not 403)', () => {
    const statements = (
      resource(template, 'SiteBucketPolicy').Properties.PolicyDocument as {
        Statement: { Effect: string; Principal: unknown; Action: string; Condition?: unknown }[];
      }
    ).Statement.filter((s) => s.Effect === 'Allow');
    expect(statements.map((s) => s.Action).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    for (const statement of statements) {
      expect(statement.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(JSON.stringify(statement.Condition)).toContain('AWS:SourceArn');
    }
  });

  it('the stack outputs the site bucket and the distribution id, which npm run deploy:web reads', () => {
    const outputs = (template as unknown as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(outputs.SiteBucketName?.Value).toEqual({ Ref: 'SiteBucket' });
    expect(outputs.DistributionId?.Value).toEqual({ Ref: 'Distribution' });
  });
});
