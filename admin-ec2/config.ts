import * as z from 'zod/mini';
import { integer, logLevel, optionalUrl, stage } from '../adapters/config/env-schemas.js';
import { loadConfig } from '../adapters/config/load-config.js';

const optionalName = z.pipe(
  z.transform((value: unknown) => (value === '' ? undefined : value)),
  z.optional(z.string().check(z.minLength(3))),
);

/** The admin server's environment, read once at start-up. */
export const adminConfig = z.object({
  STAGE: stage,
  PORT: integer(3001, 1, 65535),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  DATABASE_URL: z.url('must be a postgres:// URL (the RDS writer, or the local PGlite socket)'),
  /** The read replica the analytics read; unset (local, embedded): the primary, and the dashboard says so. */
  REPLICA_DATABASE_URL: optionalUrl('must be a postgres:// URL (the RDS reader endpoint)'),
  /** How often the primary refreshes the analytics rollups. */
  ROLLUP_REFRESH_SECONDS: integer(300, 5, 86_400),
  /** The admin is reached through its own ALB listener (one hop); locally directly (0). */
  TRUSTED_PROXY_HOPS: integer(1, 0, 5),
  SECURE_COOKIES: z._default(z.enum(['true', 'false']), 'true'),
  /** The catalog the admin edits (DynamoDB); unset: the catalog screens answer 503 with what to set. */
  CATALOG_TABLE: optionalName,
  DYNAMODB_ENDPOINT: optionalUrl('must be a URL such as http://127.0.0.1:8000'),
  /** The cache the storefront reads through, so a catalog edit invalidates what shoppers see. */
  REDIS_URL: optionalUrl('must be a redis:// or rediss:// URL'),
  /** The payment provider refunds go through. */
  PAYMENTS_URL: optionalUrl('must be the payment provider base URL'),
  /** Product images: uploaded with presigned URLs to this bucket and served from IMAGES_PUBLIC_URL. */
  IMAGES_BUCKET: optionalName,
  /** Locally s3rver; unset on AWS. */
  S3_ENDPOINT: optionalUrl('must be a URL such as http://127.0.0.1:4569'),
  IMAGES_PUBLIC_URL: optionalUrl('must be the URL images are served from (CloudFront /images or s3rver)'),
  /** Local stack only (DynamoDB Streams do it on AWS): where catalog changes are sent as stream records. */
  CATALOG_STREAM_URL: optionalUrl('must be the search service URL that takes catalog stream records'),
  /** The search service's internal base URL (reindex); on AWS through service discovery. */
  SEARCH_SERVICE_URL: optionalUrl('must be the search service base URL'),
  /** Comma-separated name=url pairs whose /ready the health page shows, e.g. users=http://users:8080. */
  SERVICE_URLS: z._default(z.string(), ''),
  LOG_LEVEL: logLevel,
});

export type AdminConfig = z.infer<typeof adminConfig>;

export const readAdminConfig = (env: NodeJS.ProcessEnv = process.env): AdminConfig =>
  loadConfig(adminConfig, env);
