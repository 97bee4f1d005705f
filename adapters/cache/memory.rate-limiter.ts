import type { RateLimitDecision, RateLimiter } from '../../domain/users/users.ports.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Milliseconds until a bucket holding `tokens` has one again, refilling `limit` per `windowMs`. */
export const msUntilToken = (tokens: number, limit: number, windowMs: number) =>
  Math.ceil(((1 - tokens) * windowMs) / limit);

/**
 * Token buckets in this process (the embedded default, and the fallback when Redis is unreachable), in an LRU of
 * `maxKeys`: a flood of addresses evicts the least recently seen, never grows the map without bound.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys = 100_000) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision> {
    return this.take(key, limit, windowSeconds * 1000, Date.now());
  }

  take(key: string, limit: number, windowMs: number, now: number): RateLimitDecision {
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(limit, bucket.tokens + ((now - bucket.at) * limit) / windowMs) : limit;
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    // Re-inserting moves the key to the newest end of the map's order.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: left, at: now });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil(msUntilToken(left, limit, windowMs) / 1000)),
    };
  }

  async reset(key: string): Promise<void> {
    this.buckets.delete(key);
  }
}
