import { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimiter } from '../../domain/users/users.ports.js';
import { MemoryRateLimiter } from './memory.rate-limiter.js';

/** INCR and set the window's expiry in one round trip; returns the count and the window's remaining ms. */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`;

/**
 * Shared fixed windows in Redis, so every task counts the same attempts. If Redis is unreachable it counts in
 * this process instead: limits stay on (per task) rather than failing open.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly fallback = new MemoryRateLimiter();

  constructor(url: string, keyPrefix: string, timeoutMs: number) {
    this.redis = new Redis(url, {
      keyPrefix,
      commandTimeout: timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    this.redis.on('error', () => {});
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    try {
      const [count, ttl] = (await this.redis.eval(HIT, 1, `ratelimit:${key}`, windowSeconds * 1000)) as [
        number,
        number,
      ];
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    } catch {
      return this.fallback.hit(key, limit, windowSeconds);
    }
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`ratelimit:${key}`).catch(() => 0);
    await this.fallback.reset(key);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
