import * as z from 'zod/mini';
import { optionalUrl } from '../adapters/config/env-schemas.js';
import { loadConfig } from '../adapters/config/load-config.js';

const port = (fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, 'must be a port number')),
      z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(65535))),
    ),
    fallback,
  );

/** The local shop's settings; every one has a default so `npm start` needs none. */
export const localConfig = z.object({
  PORT: port(3000),
  LOCAL_DYNAMODB_PORT: port(8000),
  LOCAL_PRODUCT_API_PORT: port(3100),
  LOCAL_LAMBDA_PORT: port(3102),
  LOCAL_POSTGRES_PORT: port(5433),
  LOCAL_PAYMENTS_PORT: port(3190),
  LOCAL_ALB_PORT: port(3200),
  LOCAL_USERS_PORT: port(3201),
  LOCAL_CART_PORT: port(3202),
  LOCAL_ORDERS_PORT: port(3203),
  LOCAL_SEARCH_PORT: port(3204),
  LOCAL_OPENSEARCH_PORT: port(9200),
  /** The admin dashboard (on AWS its own EC2 instance). */
  LOCAL_ADMIN_PORT: port(3001),
  /** Product images (s3rver standing in for the images bucket). */
  LOCAL_IMAGES_PORT: port(4569),
  SEED_PRODUCTS: z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, 'must be a whole number')),
      z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(1_000_000))),
    ),
    2400,
  ),
  /** Orders in the sales history written on the first start, so the admin's charts have data (0: none). */
  DEMO_HISTORY_ORDERS: z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, 'must be a whole number')),
      z.pipe(z.transform(Number), z.int().check(z.minimum(0), z.maximum(100_000))),
    ),
    3000,
  ),
  DATA_DIR: z._default(z.string().check(z.minLength(1)), '.data'),
  REDIS_URL: optionalUrl('must be a redis:// URL'),
  DATABASE_URL: optionalUrl('must be a postgres:// URL of a PostgreSQL server (unset: embedded PGlite)'),
  /** A streaming replica of DATABASE_URL's server for the admin's analytics (ignored without DATABASE_URL). */
  REPLICA_DATABASE_URL: optionalUrl('must be a postgres:// URL of a replica of DATABASE_URL'),
  /** `opensearch` (or `npm start -- --opensearch`): a real OpenSearch node (needs Java 17 and Maven). */
  SEARCH_ENGINE: z._default(z.enum(['embedded', 'opensearch']), 'embedded'),
  /** A running OpenSearch to use instead of starting one (with SEARCH_ENGINE=opensearch). */
  OPENSEARCH_URL: optionalUrl('must be the URL of an OpenSearch node, such as http://127.0.0.1:9200'),
});

/** The local shop's log bucket (on its s3rver, beside the images bucket): what `npm run logs` reads by default. */
export const LOCAL_LOG_BUCKET = 'shop-local-logs';

export type LocalConfig = z.infer<typeof localConfig>;
export const readLocalConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(localConfig, env);
