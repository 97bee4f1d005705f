import type { Cache } from '../../domain/shared/cache.port.js';
import type { Logger } from '../logs/logger.js';
import { LruCache } from './lru.cache.adapter.js';
import { RedisCache } from './redis.cache.adapter.js';

/** Redis (ElastiCache) when a URL is configured, else the in-process LRU; one rule for every deployable. */
export function createCache(
  settings: { redisUrl?: string; timeoutMs: number; stage: string; lruEntries: number },
  logger: Logger,
): { cache: Cache; close(): Promise<void> } {
  if (!settings.redisUrl) {
    return {
      cache: new LruCache({ maxEntries: settings.lruEntries, maxBytes: 64 * 1024 * 1024 }),
      close: async () => {},
    };
  }
  const redis = new RedisCache({
    url: settings.redisUrl,
    timeoutMs: settings.timeoutMs,
    cooldownMs: 2000,
    keyPrefix: `${settings.stage}:`,
    onError: (error) => logger.warn('cache unavailable, reading through', { error: error.message }),
  });
  return { cache: redis, close: () => redis.close() };
}
