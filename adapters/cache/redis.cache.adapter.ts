import { Redis } from 'ioredis';
import type { Cache } from '../../domain/shared/cache.port.js';
import { redisReady } from './redis-ready.js';

export interface RedisCacheOptions {
  url: string;
  /** Longest a cache call may take before it counts as a miss. */
  timeoutMs: number;
  /** After a failure, skip the cache this long instead of paying the timeout on every request. */
  cooldownMs: number;
  keyPrefix: string;
  onError?: (error: Error) => void;
}

/**
 * ElastiCache (Redis) behind the Cache port. Fail-open: no offline queue, a per-command timeout and a
 * short circuit-breaker cooldown, so an outage costs at most one timeout per cooldown, never an error.
 */
export class RedisCache implements Cache {
  private readonly redis: Redis;
  private skipUntil = 0;

  constructor(private readonly options: RedisCacheOptions) {
    this.redis = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      commandTimeout: options.timeoutMs,
      connectTimeout: Math.max(options.timeoutMs, 1000),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: false,
      retryStrategy: (attempt) => Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2),
    });
    // Connection errors surface through failed commands; without a listener ioredis logs them itself.
    this.redis.on('error', () => {});
  }

  async get(key: string): Promise<string | null> {
    return this.guard(() => this.redis.get(key), null);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.guard(() => this.redis.set(key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds))), null);
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.guard(() => this.redis.del(...keys), 0);
  }

  /** Waits (bounded) for the first connection so start-up does not serve its first requests uncached. */
  connected(withinMs: number): Promise<boolean> {
    return redisReady(this.redis, withinMs);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async guard<T>(command: () => Promise<T>, fallback: T): Promise<T> {
    if (this.redis.status !== 'ready' || Date.now() < this.skipUntil) return fallback;
    try {
      return await command();
    } catch (error) {
      this.skipUntil = Date.now() + this.options.cooldownMs;
      this.options.onError?.(error as Error);
      return fallback;
    }
  }
}
