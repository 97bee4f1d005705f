import { LRUCache } from 'lru-cache';
import type { Cache } from '../../domain/shared/cache.port.js';

/** The embedded default: an in-process LRU bounded by entry count and total size. */
export class LruCache implements Cache {
  private readonly entries: LRUCache<string, string>;

  constructor(options: { maxEntries: number; maxBytes: number }) {
    this.entries = new LRUCache<string, string>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (value, key) => value.length + key.length,
    });
  }

  async get(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }
}
