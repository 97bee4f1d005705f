import type { CloudFormationResource } from '../../adapters/cloudformation/read-template.js';

/** The parts of AWS::CloudFront::ResponseHeadersPolicy's config the shop uses. */
export interface ResponseHeadersPolicyConfig {
  Name?: unknown;
  SecurityHeadersConfig?: {
    ContentSecurityPolicy?: { ContentSecurityPolicy: string; Override: boolean };
    StrictTransportSecurity?: {
      AccessControlMaxAgeSec: number;
      IncludeSubdomains?: boolean;
      Preload?: boolean;
      Override: boolean;
    };
    ContentTypeOptions?: { Override: boolean };
    ReferrerPolicy?: { ReferrerPolicy: string; Override: boolean };
    FrameOptions?: { FrameOption: 'DENY' | 'SAMEORIGIN'; Override: boolean };
    XSSProtection?: { Protection: boolean; ModeBlock?: boolean; ReportUri?: string; Override: boolean };
  };
  CustomHeadersConfig?: { Items: { Header: string; Value: string; Override: boolean }[] };
  RemoveHeadersConfig?: unknown;
  CorsConfig?: unknown;
  ServerTimingHeadersConfig?: unknown;
}

/** Header name (lower case) to value. */
export type ResponseHeaders = Record<string, string>;

/**
 * The headers CloudFront adds for a response headers policy, as it writes them. Strict-Transport-Security is only
 * included when `tls` (the viewer reached us over HTTPS): sent over plain http://localhost it would make browsers
 * refuse plain HTTP to localhost for the policy's max-age, for every local project.
 */
export function responseHeadersOf(config: ResponseHeadersPolicyConfig, tls: boolean): ResponseHeaders {
  for (const unsupported of ['RemoveHeadersConfig', 'CorsConfig', 'ServerTimingHeadersConfig'] as const)
    if (config[unsupported])
      throw new Error(`the local edge does not emulate ${unsupported} of a response headers policy yet`);
  const headers: ResponseHeaders = {};
  // Override: false (the origin's value wins when it sends one) would need the proxy to merge per header.
  const set = (name: string, value: string, override: boolean) => {
    if (!override) throw new Error(`the local edge emulates Override: true only (${name})`);
    headers[name] = value;
  };
  const security = config.SecurityHeadersConfig ?? {};
  if (security.ContentSecurityPolicy)
    set(
      'content-security-policy',
      security.ContentSecurityPolicy.ContentSecurityPolicy,
      security.ContentSecurityPolicy.Override,
    );
  const hsts = security.StrictTransportSecurity;
  if (hsts && tls)
    set(
      'strict-transport-security',
      [
        `max-age=${hsts.AccessControlMaxAgeSec}`,
        ...(hsts.IncludeSubdomains ? ['includeSubDomains'] : []),
        ...(hsts.Preload ? ['preload'] : []),
      ].join('; '),
      hsts.Override,
    );
  if (security.ContentTypeOptions)
    set('x-content-type-options', 'nosniff', security.ContentTypeOptions.Override);
  if (security.ReferrerPolicy)
    set('referrer-policy', security.ReferrerPolicy.ReferrerPolicy, security.ReferrerPolicy.Override);
  if (security.FrameOptions)
    set('x-frame-options', security.FrameOptions.FrameOption, security.FrameOptions.Override);
  const xss = security.XSSProtection;
  if (xss)
    set(
      'x-xss-protection',
      xss.Protection
        ? [
            '1',
            ...(xss.ModeBlock ? ['mode=block'] : []),
            ...(xss.ReportUri ? [`report=${xss.ReportUri}`] : []),
          ].join('; ')
        : '0',
      xss.Override,
    );
  for (const item of config.CustomHeadersConfig?.Items ?? [])
    set(item.Header.toLowerCase(), item.Value, item.Override);
  return headers;
}

/**
 * The policy a behaviour's ResponseHeadersPolicyId names: a `!Ref` to a policy declared in the same template.
 * A managed policy's id cannot be read locally, so it is refused rather than silently emulated differently.
 */
export function responseHeadersPolicyFor(
  policyId: unknown,
  resources: Record<string, CloudFormationResource>,
  where: string,
): ResponseHeadersPolicyConfig | undefined {
  if (policyId === undefined) return undefined;
  const ref = (policyId as { Ref?: unknown }).Ref;
  const policy = typeof ref === 'string' ? resources[ref] : undefined;
  if (policy?.Type !== 'AWS::CloudFront::ResponseHeadersPolicy')
    throw new Error(
      `${where}: ResponseHeadersPolicyId ${JSON.stringify(policyId)} is not a !Ref to a response headers policy ` +
        'of resources/cdn.yml, which the local edge needs to read its headers',
    );
  return policy.Properties.ResponseHeadersPolicyConfig as ResponseHeadersPolicyConfig;
}

/** Applies a policy to an origin's headers as CloudFront does with Override: the policy's values replace the origin's. */
export function withPolicy<T>(
  originHeaders: Record<string, T>,
  policy: ResponseHeaders,
): Record<string, T | string> {
  return { ...originHeaders, ...policy };
}
