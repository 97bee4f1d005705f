import middy, { type MiddlewareObj } from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import {
  isDevelopmentStage,
  logLevel,
  milliseconds,
  optionalUrl,
  stage,
} from '../adapters/config/env-schemas.js';
import { loadConfig } from '../adapters/config/load-config.js';
import {
  DynamoDbCatalogLookups,
  type IndexCatalogStreamDeps,
  indexCatalogStream,
} from '../adapters/dynamodb/catalog-stream.js';
import { createDynamoDbClient } from '../adapters/dynamodb/dynamodb-client.js';
import { OpenSearchSearchIndex } from '../adapters/search/opensearch.search-index.js';
import { logger as rootLogger } from './lib/logger.js';

const logger = rootLogger.child({ function: 'indexCatalogStream' });

/** Everything the indexer reads from its environment, validated once per cold start. */
export const indexerConfig = z.object({
  STAGE: stage,
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  CATALOG_TABLE: z.string({ error: 'required: the DynamoDB catalog table name' }).check(z.minLength(3)),
  DYNAMODB_ENDPOINT: optionalUrl('must be a URL such as http://127.0.0.1:8000'),
  DYNAMODB_TIMEOUT_MS: milliseconds(1000),
  OPENSEARCH_URL: z.url('required: the OpenSearch endpoint URL'),
  /** The alias the search service reads; the indexer writes through it too. */
  SEARCH_ALIAS: z.optional(
    z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,100}$/, 'lower-case index alias')),
  ),
  /** Bound of each bulk write: a slow engine fails the batch (Lambda retries it) instead of hanging it. */
  SEARCH_WRITE_TIMEOUT_MS: milliseconds(5000),
  LOG_LEVEL: logLevel,
});

export const readIndexerConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig(indexerConfig, env, (config) =>
    !isDevelopmentStage(config.STAGE) && !config.OPENSEARCH_URL.startsWith('https://')
      ? [{ variable: 'OPENSEARCH_URL', message: 'must be an https:// URL outside the local and ci stages' }]
      : [],
  );

/** The indexer's composition root: the catalog table (categories, a renamed category's products) and OpenSearch. */
function build(): IndexCatalogStreamDeps {
  const config = readIndexerConfig();
  const dynamo = createDynamoDbClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    requestTimeoutMs: config.DYNAMODB_TIMEOUT_MS,
  });
  return {
    index: new OpenSearchSearchIndex({
      node: config.OPENSEARCH_URL,
      alias: config.SEARCH_ALIAS ?? `shop-${config.STAGE}-products`,
      requestTimeoutMs: config.SEARCH_WRITE_TIMEOUT_MS,
    }),
    catalog: new DynamoDbCatalogLookups(dynamo, config.CATALOG_TABLE),
    log: logger,
  };
}

type Event = DynamoDBStreamEvent;
type Result = DynamoDBBatchResponse;

/**
 * One log line per batch (records, failures, time). An error thrown out of the handler fails the whole batch:
 * Lambda bisects and retries it, so it is logged and passed on, never swallowed.
 */
const batchLifecycle = (): MiddlewareObj<Event, Result> => {
  const started = new WeakMap<object, number>();
  const fields = (event: Event) => ({
    records: event.Records?.length ?? 0,
    firstSequenceNumber: event.Records?.[0]?.dynamodb?.SequenceNumber,
    durationMs: Math.round((performance.now() - (started.get(event) ?? performance.now())) * 10) / 10,
  });
  return {
    before: (request) => {
      started.set(request.event, performance.now());
    },
    after: (request) => {
      logger.info('catalog stream batch', {
        ...fields(request.event),
        failed: request.response?.batchItemFailures.length ?? 0,
      });
    },
    onError: (request) => {
      logger.error('catalog stream batch failed', { ...fields(request.event), error: request.error });
    },
  };
};

/** The Lambda on the catalog table's stream, over the dependencies given (tests pass their own). */
export function catalogStreamHandler(
  dependencies: () => IndexCatalogStreamDeps | Promise<IndexCatalogStreamDeps>,
) {
  return middy<Event, Result>()
    .use(batchLifecycle())
    .handler(async (event) => indexCatalogStream(event.Records ?? [], await dependencies()));
}

let deps: IndexCatalogStreamDeps | undefined;

/** Indexes catalog changes within a second and reports exactly the records that failed (partial batch response). */
export const handler = catalogStreamHandler(() => {
  deps ??= build();
  return deps;
});
