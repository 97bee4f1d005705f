import * as z from 'zod/mini';
import {
  isDevelopmentStage,
  logLevel,
  milliseconds,
  optionalUrl,
  seconds,
  stage,
} from '../../adapters/config/env-schemas.js';
import { loadConfig } from '../../adapters/config/load-config.js';
import { AVAILABILITY_FRESHNESS } from '../../domain/catalog/availability.js';

/** Everything the catalog functions read from their environment, validated once per cold start. */
export const catalogFunctionConfig = z.object({
  STAGE: stage,
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  // The function role's credentials, which the Lambda runtime puts in the environment (absent locally).
  AWS_ACCESS_KEY_ID: z.optional(z.string()),
  AWS_SECRET_ACCESS_KEY: z.optional(z.string()),
  AWS_SESSION_TOKEN: z.optional(z.string()),
  CATALOG_TABLE: z.string({ error: 'required: the DynamoDB catalog table name' }).check(z.minLength(3)),
  DYNAMODB_ENDPOINT: optionalUrl('must be a URL such as http://127.0.0.1:8000'),
  DYNAMODB_TIMEOUT_MS: milliseconds(1000),
  REDIS_URL: optionalUrl('must be a redis:// or rediss:// URL'),
  CACHE_TIMEOUT_MS: milliseconds(50),
  CATALOG_PRODUCT_TTL_SECONDS: seconds(AVAILABILITY_FRESHNESS.cacheSeconds),
  CATALOG_LIST_TTL_SECONDS: seconds(AVAILABILITY_FRESHNESS.cacheSeconds),
  LOG_LEVEL: logLevel,
});

export type CatalogFunctionConfig = z.infer<typeof catalogFunctionConfig>;

export const readCatalogFunctionConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(catalogFunctionConfig, env, (config) =>
    !isDevelopmentStage(config.STAGE) && config.REDIS_URL && !config.REDIS_URL.startsWith('rediss://')
      ? [{ variable: 'REDIS_URL', message: 'must be a rediss:// (TLS) URL outside the local and ci stages' }]
      : [],
  );
