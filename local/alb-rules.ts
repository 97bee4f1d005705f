import type { IncomingHttpHeaders } from 'node:http';
import {
  type CloudFormationResource,
  readResourceTemplate,
} from '../adapters/cloudformation/read-template.js';
import { compilePathPattern } from './edge/cloudfront-behaviours.js';

/** One acceptable value of an `http-header` condition. */
export type HeaderValue =
  /** The value of a Secrets Manager secret of the stack (by logical id), which CloudFormation resolves at deploy. */
  | { kind: 'secret'; secret: string }
  /** An ALB value pattern: case-insensitive, `*` any run of characters, `?` exactly one. */
  | { kind: 'pattern'; pattern: string };

/** An `http-header` condition: the header must be present and match one of `anyOf`. */
export interface HeaderCondition {
  /** Lower case, as node's IncomingHttpHeaders keys are (ALB compares header names case-insensitively). */
  name: string;
  anyOf: HeaderValue[];
}

export interface AlbRule {
  priority: number;
  /** The rule's `path-pattern` condition; a rule without one matches every path. */
  matches: (path: string) => boolean;
  /** Every `http-header` condition; ALB requires all of a rule's conditions. */
  headers: HeaderCondition[];
  targetGroup: string;
}

export interface FixedResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface AlbRouting {
  /** The HTTPS listener's rules, in priority order. */
  rules: AlbRule[];
  /** What the listener answers when no rule matches (path or headers). */
  defaultResponse: FixedResponse;
  /** Target group logical id -> health check path. */
  healthChecks: Record<string, string>;
}

/** Secrets Manager dynamic reference to a secret of the stack: `{{resolve:secretsmanager:${Secret}:SecretString}}`. */
const SECRET_REFERENCE = /^\{\{resolve:secretsmanager:\$\{([A-Za-z0-9]+)\}(?::SecretString)?\}\}$/;

interface Condition {
  Field: string;
  Values?: string[];
  PathPatternConfig?: { Values: string[] };
  HttpHeaderConfig?: { HttpHeaderName: string; Values: unknown[] };
}

function headerValue(value: unknown, rule: string): HeaderValue {
  if (typeof value === 'string' && !value.includes('{{resolve:')) return { kind: 'pattern', pattern: value };
  const sub = (value as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
  const secret = typeof sub === 'string' ? SECRET_REFERENCE.exec(sub)?.[1] : undefined;
  if (secret) return { kind: 'secret', secret };
  throw new Error(`${rule}: unsupported http-header value ${JSON.stringify(value)} in resources/alb.yml`);
}

function parseRule(id: string, props: Record<string, unknown>): AlbRule {
  const paths: ((path: string) => boolean)[] = [];
  const headers: HeaderCondition[] = [];
  for (const condition of props.Conditions as Condition[]) {
    if (condition.Field === 'path-pattern') {
      const values = condition.PathPatternConfig?.Values ?? condition.Values ?? [];
      paths.push(...values.map(compilePathPattern));
    } else if (condition.Field === 'http-header' && condition.HttpHeaderConfig) {
      headers.push({
        name: condition.HttpHeaderConfig.HttpHeaderName.toLowerCase(),
        anyOf: condition.HttpHeaderConfig.Values.map((v) => headerValue(v, id)),
      });
    } else {
      // Ignoring a condition would let the laptop route what AWS refuses.
      throw new Error(`${id}: the local ALB does not understand the ${condition.Field} condition`);
    }
  }
  const forward = (props.Actions as { Type: string; TargetGroupArn?: { Ref: string } }[]).find(
    (a) => a.Type === 'forward',
  );
  if (!forward?.TargetGroupArn)
    throw new Error(`${id}: only forward actions to a target group are supported`);
  return {
    priority: Number(props.Priority),
    matches: (path) => paths.length === 0 || paths.some((p) => p(path)),
    headers,
    targetGroup: forward.TargetGroupArn.Ref,
  };
}

function fixedResponse(listenerId: string, listener: CloudFormationResource): FixedResponse {
  const actions = listener.Properties.DefaultActions as {
    Type: string;
    FixedResponseConfig?: { StatusCode: string; ContentType?: string; MessageBody?: string };
  }[];
  const config = actions.find((a) => a.Type === 'fixed-response')?.FixedResponseConfig;
  if (!config) throw new Error(`${listenerId}: the local ALB needs a fixed-response default action`);
  return {
    status: Number(config.StatusCode),
    contentType: config.ContentType ?? 'text/plain',
    body: config.MessageBody ?? '',
  };
}

/** The HTTPS listener of resources/alb.yml (the one CloudFront reaches): its rules in priority order, its default. */
export function albRules(): AlbRouting {
  const { Resources } = readResourceTemplate('alb.yml');
  const entries = Object.entries(Resources);
  const listeners = entries.filter(
    ([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener' && r.Properties.Protocol === 'HTTPS',
  );
  if (listeners.length !== 1) throw new Error('resources/alb.yml must declare exactly one HTTPS listener');
  const [listenerId, listener] = listeners[0]!;
  const healthChecks: Record<string, string> = {};
  const rules: AlbRule[] = [];
  for (const [id, resource] of entries) {
    const props = resource.Properties;
    if (resource.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup')
      healthChecks[id] = String(props.HealthCheckPath ?? '/');
    if (resource.Type !== 'AWS::ElasticLoadBalancingV2::ListenerRule') continue;
    if ((props.ListenerArn as { Ref?: string }).Ref !== listenerId) continue;
    rules.push(parseRule(id, props));
  }
  return {
    rules: rules.sort((a, b) => a.priority - b.priority),
    defaultResponse: fixedResponse(listenerId, listener),
    healthChecks,
  };
}

/** ALB header values compare case-insensitively, with the same wildcards as path patterns. */
const matchesPattern = (pattern: string, value: string) =>
  compilePathPattern(pattern.toLowerCase())(value.toLowerCase());

/**
 * Whether a request meets every header condition of a rule, as ALB decides it (values compared
 * case-insensitively). `secretValue` gives the local value of a stack secret, e.g. the origin secret the edge sends.
 */
export function headersMatch(
  rule: AlbRule,
  headers: IncomingHttpHeaders,
  secretValue: (secret: string) => string | undefined,
): boolean {
  return rule.headers.every((condition) => {
    const raw = headers[condition.name];
    const actual = Array.isArray(raw) ? raw.join(', ') : raw;
    if (actual === undefined) return false;
    return condition.anyOf.some((value) => {
      if (value.kind === 'pattern') return matchesPattern(value.pattern, actual);
      const expected = secretValue(value.secret);
      return expected !== undefined && expected.toLowerCase() === actual.toLowerCase();
    });
  });
}
