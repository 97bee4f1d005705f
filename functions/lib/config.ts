import { z } from 'zod';
import { loadConfig } from '../../adapters/config/load-config.js';

const milliseconds = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .pipe(z.number().int().min(1).max(60_000))
    .default(fallback);

/** Everything the catalog functions read from their environment, validated once per cold start. */
export const catalogFunctionConfig = z.object({
  STAGE: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes')
    .default('local'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  CATALOG_TABLE: z.string({ error: 'required: the DynamoDB catalog table name' }).min(3),
  DYNAMODB_ENDPOINT: z.url('must be a URL such as http://127.0.0.1:8000').optional(),
  DYNAMODB_TIMEOUT_MS: milliseconds(1000),
  REDIS_URL: z.url('must be a redis:// or rediss:// URL').optional(),
  CACHE_TIMEOUT_MS: milliseconds(50),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type CatalogFunctionConfig = z.infer<typeof catalogFunctionConfig>;

export const readCatalogFunctionConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(catalogFunctionConfig, env);
