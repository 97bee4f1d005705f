import { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimiter } from '../../domain/users/users.ports.js';
import { MemoryRateLimiter } from './memory.rate-limiter.js';
import { redisReady } from './redis-ready.js';

/**
 * One token bucket (tokens, last refill in ms) refilled, taken from and stored in one round trip, on Redis's clock
 * so every task agrees. It expires once it would be full again. Returns allowed (1/0) and ms until the next token.
 */
const TAKE = `
local limit = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = limit
if state[1] then tokens = math.min(limit, tonumber(state[1]) + (now - tonumber(state[2])) * limit / windowMs) end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((limit - tokens) * windowMs / limit) + 1)
return { allowed, math.ceil((1 - tokens) * windowMs / limit) }`;

/**
 * Shared token buckets in Redis, so every task counts the same attempts. If Redis is unreachable it counts in
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
      const [allowed, waitMs] = (await this.redis.eval(
        TAKE,
        1,
        `ratelimit:${key}`,
        limit,
        windowSeconds * 1000,
      )) as [number, number];
      return { allowed: allowed === 1, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    } catch {
      return this.fallback.hit(key, limit, windowSeconds);
    }
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`ratelimit:${key}`).catch(() => 0);
    await this.fallback.reset(key);
  }

  /** Whether the connection is up within `withinMs` (until then every hit counts in this process). */
  connected(withinMs: number): Promise<boolean> {
    return redisReady(this.redis, withinMs);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
