import * as z from 'zod/mini';
import {
  integer,
  isDevelopmentStage,
  logLevel,
  milliseconds,
  optionalUrl,
  serviceProtectionEnv,
  stage,
} from '../../adapters/config/env-schemas.js';
import { type ConfigIssue, loadConfig } from '../../adapters/config/load-config.js';

const port = integer(8080, 1, 65535);

/** The environment every ECS service reads once at start-up. */
export const serviceConfig = z.object({
  STAGE: stage,
  PORT: port,
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  DATABASE_URL: z.url('must be a postgres:// URL (RDS writer, or the local PGlite socket)'),
  DATABASE_POOL_MAX: integer(10, 1, 100),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(5000),
  CATALOG_TABLE: z.string().check(z.minLength(3)),
  CARTS_TABLE: z.string().check(z.minLength(3)),
  DYNAMODB_ENDPOINT: optionalUrl('must be a URL such as http://127.0.0.1:8000'),
  DYNAMODB_TIMEOUT_MS: milliseconds(1000),
  REDIS_URL: optionalUrl('must be a redis:// or rediss:// URL'),
  CACHE_TIMEOUT_MS: milliseconds(50),
  PAYMENTS_URL: optionalUrl('must be the payment provider base URL'),
  /** Local stack only (DynamoDB Streams do it on AWS): where catalog changes are sent as stream records. */
  CATALOG_STREAM_URL: optionalUrl('must be the search service URL that takes catalog stream records'),
  PAYMENT_TIMEOUT_MS: milliseconds(3000),
  ARGON2_MEMORY_KIB: integer(19_456, 8192, 1_048_576),
  /** Proxies in front of the task that append to X-Forwarded-For: CloudFront + ALB (locally: edge + ALB router). */
  TRUSTED_PROXY_HOPS: integer(2, 0, 5),
  /** Registrations per client address per 10 minutes (each costs a 19 MiB argon2id hash). */
  REGISTER_LIMIT_PER_IP: integer(20, 1, 100_000),
  SECURE_COOKIES: z._default(z.enum(['true', 'false']), 'true'),
  LOG_LEVEL: logLevel,
  ...serviceProtectionEnv,
});

export type ServiceConfig = z.infer<typeof serviceConfig>;
/** What a deployed stage (anything but local and ci) must have: nothing falls back to a test double there. */
export function deployedStageRules(config: ServiceConfig): ConfigIssue[] {
  if (isDevelopmentStage(config.STAGE)) return [];
  const issues: ConfigIssue[] = [];
  if (!config.PAYMENTS_URL)
    issues.push({
      variable: 'PAYMENTS_URL',
      message: `required in stage "${config.STAGE}": the payment provider's https URL (the test card gateway only runs in the local and ci stages)`,
    });
  else if (!config.PAYMENTS_URL.startsWith('https://'))
    issues.push({
      variable: 'PAYMENTS_URL',
      message: 'must be an https:// URL outside the local and ci stages',
    });
  if (config.SECURE_COOKIES !== 'true')
    issues.push({ variable: 'SECURE_COOKIES', message: 'must be true outside the local and ci stages' });
  if (config.REDIS_URL && !config.REDIS_URL.startsWith('rediss://'))
    issues.push({
      variable: 'REDIS_URL',
      message: 'must be a rediss:// (TLS) URL outside the local and ci stages',
    });
  return issues;
}

export const readServiceConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(serviceConfig, env, deployedStageRules);
