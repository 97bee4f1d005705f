import * as z from 'zod/mini';
import { isDevelopmentStage, milliseconds, optionalUrl } from '../../adapters/config/env-schemas.js';
import { type ConfigIssue, loadConfig } from '../../adapters/config/load-config.js';
import { serviceConfig } from '../chassis/config.js';

/** The search task reads the catalog (to rebuild its index) and talks to its engine; no database, no payments. */
export const searchServiceConfig = z.extend(
  z.pick(serviceConfig, {
    STAGE: true,
    PORT: true,
    AWS_REGION: true,
    CATALOG_TABLE: true,
    DYNAMODB_ENDPOINT: true,
    DYNAMODB_TIMEOUT_MS: true,
    LOG_LEVEL: true,
    TRUSTED_PROXY_HOPS: true,
    RATE_LIMIT_READS_PER_MINUTE: true,
    RATE_LIMIT_WRITES_PER_MINUTE: true,
    RATE_LIMIT_CHECKOUTS_PER_MINUTE: true,
    CORS_ALLOWED_ORIGINS: true,
  }),
  {
    /** `embedded`: an in-process engine loaded from the catalog at start (one task, local and ci only). */
    SEARCH_ENGINE: z._default(z.enum(['embedded', 'opensearch']), 'embedded'),
    OPENSEARCH_URL: optionalUrl('must be the OpenSearch endpoint URL'),
    /** The alias shoppers' queries read; a full reindex builds a new index behind it and swaps. */
    SEARCH_ALIAS: z.optional(
      z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,100}$/, 'lower-case index alias')),
    ),
    /** Longest a shopper waits for the engine before a 503 with Retry-After. */
    SEARCH_TIMEOUT_MS: milliseconds(800),
  },
);

export type SearchServiceConfig = z.infer<typeof searchServiceConfig>;

function rules(config: SearchServiceConfig): ConfigIssue[] {
  if (config.SEARCH_ENGINE === 'opensearch' && !config.OPENSEARCH_URL)
    return [{ variable: 'OPENSEARCH_URL', message: 'required when SEARCH_ENGINE=opensearch' }];
  if (!isDevelopmentStage(config.STAGE) && config.SEARCH_ENGINE !== 'opensearch')
    return [
      {
        variable: 'SEARCH_ENGINE',
        message:
          'must be opensearch outside the local and ci stages (each task of the embedded engine would hold its own index)',
      },
    ];
  return [];
}

export const readSearchServiceConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(searchServiceConfig, env, rules);

export const aliasFor = (config: SearchServiceConfig) =>
  config.SEARCH_ALIAS ?? `shop-${config.STAGE}-products`;
