import { createCache } from '../../adapters/cache/create-cache.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import {
  CatalogService,
  DEFAULT_CACHE_POLICY,
  unreachableCachePolicy,
} from '../../domain/catalog/catalog.service.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { readCatalogFunctionConfig } from './config.js';
import { logger } from './logger.js';

export interface Container {
  catalog: CatalogService;
}

let container: Container | undefined;

/** The composition root of the catalog functions: built on first use and kept for the life of the instance. */
export function getContainer(): Container {
  container ??= build();
  return container;
}

function build(): Container {
  const config = readCatalogFunctionConfig();
  const client = createDynamoDbClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    requestTimeoutMs: config.DYNAMODB_TIMEOUT_MS,
  });
  const { cache } = createCache(
    { redisUrl: config.REDIS_URL, timeoutMs: config.CACHE_TIMEOUT_MS, stage: config.STAGE, lruEntries: 5000 },
    logger,
  );
  const repository = new ElectroDbCatalogRepository(client, config.CATALOG_TABLE);
  const policy = {
    ...DEFAULT_CACHE_POLICY,
    productTtlSeconds: config.CATALOG_PRODUCT_TTL_SECONDS,
    listingTtlSeconds: config.CATALOG_LIST_TTL_SECONDS,
  };
  // Without Redis this process's own memory is the cache, and no catalog writer (the admin) can invalidate it.
  return {
    catalog: new CatalogService(
      repository,
      new CacheAside(cache),
      config.REDIS_URL ? policy : unreachableCachePolicy(policy),
    ),
  };
}
