import { createCache } from '../../adapters/cache/create-cache.js';
import { RedisCache } from '../../adapters/cache/redis.cache.adapter.js';
import {
  CatalogService,
  DEFAULT_CACHE_POLICY,
  unreachableCachePolicy,
} from '../../domain/catalog/catalog.service.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { readCatalogFunctionConfig } from './config.js';
import { LazyCatalogRepository } from './lazy-catalog-repository.js';
import { logger } from './logger.js';

/**
 * How long a new instance's first request waits for Redis to connect. Without the wait it finds the cache still
 * connecting, counts a miss and goes to DynamoDB; with a dead Redis a cold start pays this once.
 */
const FIRST_CONNECT_MS = 150;

let catalog: Promise<CatalogService> | undefined;

/** The composition root of the catalog functions: built on first use and kept for the life of the instance. */
export function getCatalog(): Promise<CatalogService> {
  catalog ??= build().catch((error: unknown) => {
    catalog = undefined;
    throw error;
  });
  return catalog;
}

async function build(): Promise<CatalogService> {
  const config = readCatalogFunctionConfig();
  const { cache } = createCache(
    { redisUrl: config.REDIS_URL, timeoutMs: config.CACHE_TIMEOUT_MS, stage: config.STAGE, lruEntries: 5000 },
    logger,
  );
  // A cache hit needs no DynamoDB: the SDK, ElectroDB and the client load (a chunk of their own) on the first miss.
  const repository = new LazyCatalogRepository(async () =>
    (await import('./catalog-store.js')).catalogStore(config),
  );
  const policy = {
    ...DEFAULT_CACHE_POLICY,
    productTtlSeconds: config.CATALOG_PRODUCT_TTL_SECONDS,
    listingTtlSeconds: config.CATALOG_LIST_TTL_SECONDS,
  };
  if (cache instanceof RedisCache) await cache.connected(FIRST_CONNECT_MS);
  // Without Redis this process's own memory is the cache, and no catalog writer (the admin) can invalidate it.
  return new CatalogService(
    repository,
    new CacheAside(cache),
    config.REDIS_URL ? policy : unreachableCachePolicy(policy),
  );
}
