import * as z from 'zod/mini';
import { logLevel, optionalUrl, stage } from '../adapters/config/env-schemas.js';
import { loadConfig } from '../adapters/config/load-config.js';

const integer = (fallback: number, min: number, max: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/)),
      z.pipe(z.transform(Number), z.int().check(z.minimum(min), z.maximum(max))),
    ),
    fallback,
  );

/** The admin server's environment, read once at start-up. */
export const adminConfig = z.object({
  STAGE: stage,
  PORT: integer(3001, 1, 65535),
  DATABASE_URL: z.url('must be a postgres:// URL (the RDS writer, or the local PGlite socket)'),
  /** The read replica the analytics read; unset (local, embedded): the primary, and the dashboard says so. */
  REPLICA_DATABASE_URL: optionalUrl('must be a postgres:// URL (the RDS reader endpoint)'),
  /** How often the primary refreshes the analytics rollups. */
  ROLLUP_REFRESH_SECONDS: integer(300, 5, 86_400),
  /** The admin is reached through its own ALB listener (one hop); locally directly (0). */
  TRUSTED_PROXY_HOPS: integer(1, 0, 5),
  SECURE_COOKIES: z._default(z.enum(['true', 'false']), 'true'),
  LOG_LEVEL: logLevel,
});

export type AdminConfig = z.infer<typeof adminConfig>;

export const readAdminConfig = (env: NodeJS.ProcessEnv = process.env): AdminConfig =>
  loadConfig(adminConfig, env);
