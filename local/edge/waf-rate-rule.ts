import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readResourceTemplate } from '../../adapters/cloudformation/read-template.js';

/** Requests one client address may make per window before the edge refuses it (429). */
export interface RatePerAddress {
  limit: number;
  windowSeconds: number;
}

interface RateBasedRule {
  Name: string;
  Statement: {
    RateBasedStatement?: { Limit: unknown; EvaluationWindowSec?: number; AggregateKeyType: string };
  };
}

/** WAF's window when a rate-based statement names none. */
const DEFAULT_WINDOW_SECONDS = 300;

/** A `${param:name}` as serverless resolves it for `stage`: the stage's own params, then `default`. */
function stageParam(value: unknown, stage: string): number {
  const name = /^\$\{param:(\w+)\}$/.exec(String(value))?.[1];
  if (!name) return Number(value);
  const { params } = parse(readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8'), {
    logLevel: 'silent',
  }) as { params: Record<string, Record<string, unknown>> };
  const resolved = params[stage]?.[name] ?? params.default?.[name];
  if (resolved === undefined) throw new Error(`serverless.yml has no param ${name} for stage ${stage}`);
  return Number(resolved);
}

/**
 * The web ACL's per-address rate rule from resources/waf.yml (the one CloudFront applies on AWS), with its limit
 * as serverless.yml sets it for `stage`. `local` sets its own: every shopper a developer simulates is 127.0.0.1.
 */
export function wafRatePerAddress(stage: string): RatePerAddress {
  const { Resources } = readResourceTemplate('waf.yml');
  const acl = Object.values(Resources).find((r) => r.Type === 'AWS::WAFv2::WebACL');
  const rule = ((acl?.Properties.Rules ?? []) as RateBasedRule[]).find(
    (r) => r.Statement.RateBasedStatement?.AggregateKeyType === 'IP',
  );
  if (!rule) throw new Error('resources/waf.yml has no rate-based rule per IP address');
  const statement = rule.Statement.RateBasedStatement!;
  const limit = stageParam(statement.Limit, stage);
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(
      `the ${rule.Name} rule's limit for stage ${stage} is not a whole number: ${statement.Limit}`,
    );
  return { limit, windowSeconds: statement.EvaluationWindowSec ?? DEFAULT_WINDOW_SECONDS };
}
