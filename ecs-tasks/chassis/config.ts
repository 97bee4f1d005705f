import * as z from 'zod/mini';
import { logLevel, milliseconds, optionalUrl, stage } from '../../adapters/config/env-schemas.js';
import { loadConfig } from '../../adapters/config/load-config.js';

const port = z._default(
  z.pipe(
    z.string().check(z.regex(/^\d+$/)),
    z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(65535))),
  ),
  8080,
);

/** The environment every ECS service reads once at start-up. */
export const serviceConfig = z.object({
  STAGE: stage,
  PORT: port,
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  DATABASE_URL: z.url('must be a postgres:// URL (RDS writer, or the local PGlite socket)'),
  DATABASE_POOL_MAX: z._default(
    z.pipe(z.string(), z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(100)))),
    10,
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(5000),
  CATALOG_TABLE: z.string().check(z.minLength(3)),
  CARTS_TABLE: z.string().check(z.minLength(3)),
  DYNAMODB_ENDPOINT: optionalUrl('must be a URL such as http://127.0.0.1:8000'),
  DYNAMODB_TIMEOUT_MS: milliseconds(1000),
  REDIS_URL: optionalUrl('must be a redis:// or rediss:// URL'),
  CACHE_TIMEOUT_MS: milliseconds(50),
  PAYMENTS_URL: optionalUrl('must be the payment provider base URL'),
  PAYMENT_TIMEOUT_MS: milliseconds(3000),
  ARGON2_MEMORY_KIB: z._default(
    z.pipe(z.string(), z.pipe(z.transform(Number), z.int().check(z.minimum(8192), z.maximum(1_048_576)))),
    19_456,
  ),
  /** Proxies in front of the task that append to X-Forwarded-For: CloudFront + ALB (locally: edge + ALB router). */
  TRUSTED_PROXY_HOPS: z._default(
    z.pipe(z.string(), z.pipe(z.transform(Number), z.int().check(z.minimum(0), z.maximum(5)))),
    2,
  ),
  SECURE_COOKIES: z._default(z.enum(['true', 'false']), 'true'),
  LOG_LEVEL: logLevel,
});

export type ServiceConfig = z.infer<typeof serviceConfig>;
export const readServiceConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(serviceConfig, env);
