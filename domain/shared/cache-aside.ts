import type { Cache } from './cache.port.js';

export type Ttl<T> = number | ((value: T) => number);

/**
 * Cache-aside over a `Cache`, with single flight: concurrent misses for one key share one load, so a cold
 * key under load reaches the source of truth once per process.
 */
const DECODED_ENTRIES = 512;

/** Reads answered from the cache and reads that went to the source, since the process started. */
export interface CacheStats {
  hits: number;
  misses: number;
}

export class CacheAside {
  private readonly counts: CacheStats = { hits: 0, misses: 0 };
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** The last value decoded per key: a hit whose bytes have not changed skips JSON.parse and returns the same object. */
  private readonly decoded = new Map<string, { raw: string; value: unknown }>();

  constructor(private readonly cache: Cache) {}

  /** `ttl` may depend on the value, e.g. a shorter life for "not found"; 0 means do not cache. */
  async read<T>(key: string, ttl: Ttl<T>, load: () => Promise<T>): Promise<T> {
    const pending = this.inflight.get(key);
    if (pending) return pending as Promise<T>;
    const flight = this.readThrough(key, ttl, load).finally(() => this.inflight.delete(key));
    this.inflight.set(key, flight);
    return flight;
  }

  /** A read that joined another's load counts once, with that load: what reached the cache, not the callers. */
  stats(): CacheStats {
    return { ...this.counts };
  }

  invalidate(keys: readonly string[]): Promise<void> {
    return this.cache.delete(keys);
  }

  /** A namespace token: bump it to make every key built from it unreachable at once. */
  async generation(name: string, ttlSeconds: number): Promise<string> {
    const current = await this.cache.get(name);
    if (current) return current;
    const fresh = Date.now().toString(36);
    await this.cache.set(name, fresh, ttlSeconds);
    return fresh;
  }

  async bumpGeneration(name: string, ttlSeconds: number): Promise<void> {
    const previous = await this.cache.get(name);
    let next = Date.now().toString(36);
    if (next === previous) next = `${next}.${Math.random().toString(36).slice(2, 8)}`;
    await this.cache.set(name, next, ttlSeconds);
  }

  private async readThrough<T>(key: string, ttl: Ttl<T>, load: () => Promise<T>): Promise<T> {
    const hit = ttl === 0 ? null : await this.cache.get(key);
    if (hit !== null) {
      const known = this.decoded.get(key);
      if (known?.raw === hit) {
        this.counts.hits++;
        return known.value as T;
      }
      try {
        const value = this.remember(key, hit, JSON.parse(hit) as T);
        this.counts.hits++;
        return value;
      } catch {
        // A corrupt entry is a miss; the load below overwrites it.
      }
    }
    if (ttl !== 0) this.counts.misses++;
    const value = await load();
    const seconds = typeof ttl === 'number' ? ttl : ttl(value);
    if (seconds <= 0) return value;
    const raw = JSON.stringify(value ?? null);
    await this.cache.set(key, raw, seconds);
    return this.remember(key, raw, value);
  }

  private remember<T>(key: string, raw: string, value: T): T {
    this.decoded.delete(key);
    this.decoded.set(key, { raw, value });
    if (this.decoded.size > DECODED_ENTRIES) this.decoded.delete(this.decoded.keys().next().value as string);
    return value;
  }
}
