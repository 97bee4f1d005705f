import { describe, expect, it } from 'vitest';
import type { Cache } from './cache.port.js';
import { CacheAside } from './cache-aside.js';

/** A plain Map behind the port: shared between CacheAside instances like Redis is shared between processes. */
class MapCache implements Cache {
  readonly entries = new Map<string, string>();
  async get(key: string) {
    return this.entries.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.entries.set(key, value);
  }
  async delete(keys: readonly string[]) {
    for (const key of keys) this.entries.delete(key);
  }
}

describe('CacheAside', () => {
  it('shares one load between concurrent misses', async () => {
    const aside = new CacheAside(new MapCache());
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 20));
      return { n: 1 };
    };
    const values = await Promise.all(Array.from({ length: 50 }, () => aside.read('k', 60, load)));
    expect(loads).toBe(1);
    expect(values.every((v) => v.n === 1)).toBe(true);
  });

  it('sees a value another process wrote, despite remembering what it decoded', async () => {
    const shared = new MapCache();
    const mine = new CacheAside(shared);
    const theirs = new CacheAside(shared);
    expect(await mine.read('price', 60, async () => ({ amount: 100 }))).toEqual({ amount: 100 });
    await theirs.invalidate(['price']);
    await theirs.read('price', 60, async () => ({ amount: 90 }));
    expect(await mine.read('price', 60, async () => ({ amount: -1 }))).toEqual({ amount: 90 });
  });

  it('treats a corrupt entry as a miss, and a TTL of 0 as "do not cache"', async () => {
    const shared = new MapCache();
    const aside = new CacheAside(shared);
    shared.entries.set('bad', '{not json');
    expect(await aside.read('bad', 60, async () => 'fresh')).toBe('fresh');
    expect(shared.entries.get('bad')).toBe('"fresh"');
    await aside.read('nocache', 0, async () => 'x');
    expect(shared.entries.has('nocache')).toBe(false);
  });

  it('counts hits and misses as the cache saw them (the health page shows the ratio)', async () => {
    const shared = new MapCache();
    const aside = new CacheAside(shared);
    await Promise.all(Array.from({ length: 20 }, () => aside.read('k', 60, async () => 1)));
    expect(aside.stats()).toEqual({ hits: 0, misses: 1 });
    for (let i = 0; i < 3; i++) await aside.read('k', 60, async () => 2);
    await new CacheAside(shared).read('k', 60, async () => 3);
    shared.entries.set('bad', '{not json');
    await aside.read('bad', 60, async () => 'fresh');
    await aside.read('nocache', 0, async () => 'x');
    expect(aside.stats()).toEqual({ hits: 3, misses: 2 });
  });
});
