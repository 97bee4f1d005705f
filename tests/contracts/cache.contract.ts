import { describe, expect, it } from 'vitest';
import type { Cache } from '../../domain/shared/cache.port.js';

export interface CacheFixture {
  cache: Cache;
  close(): Promise<void>;
}

/** Every Cache adapter must behave like this. `unreachable` builds one whose back end is down, if it has one. */
export function cacheContract(
  name: string,
  create: () => Promise<CacheFixture>,
  unreachable?: () => Promise<CacheFixture>,
) {
  describe(`Cache contract: ${name}`, () => {
    const using = (test: (cache: Cache) => Promise<void>) => async () => {
      const fixture = await create();
      try {
        await test(fixture.cache);
      } finally {
        await fixture.close();
      }
    };
    const key = (suffix: string) =>
      `contract:${process.pid}:${Math.random().toString(36).slice(2)}:${suffix}`;

    it(
      'returns what was set and null for what was not',
      using(async (cache) => {
        const k = key('a');
        await cache.set(k, '{"x":1}', 60);
        expect(await cache.get(k)).toBe('{"x":1}');
        expect(await cache.get(key('never'))).toBeNull();
      }),
    );

    it(
      'forgets a value after its TTL',
      using(async (cache) => {
        const k = key('ttl');
        await cache.set(k, 'soon gone', 1);
        expect(await cache.get(k)).toBe('soon gone');
        await new Promise((r) => setTimeout(r, 1300));
        expect(await cache.get(k)).toBeNull();
      }),
    );

    it(
      'deletes several keys at once and overwrites on set',
      using(async (cache) => {
        const [a, b, c] = [key('a'), key('b'), key('c')];
        await Promise.all([cache.set(a, '1', 60), cache.set(b, '2', 60), cache.set(c, '3', 60)]);
        await cache.set(c, '4', 60);
        await cache.delete([a, b]);
        expect([await cache.get(a), await cache.get(b), await cache.get(c)]).toEqual([null, null, '4']);
        await cache.delete([]);
      }),
    );

    it(
      'keeps large and unicode values intact',
      using(async (cache) => {
        const k = key('big');
        const value = JSON.stringify({ text: 'Café ☕ 東京'.repeat(2000) });
        await cache.set(k, value, 60);
        expect(await cache.get(k)).toBe(value);
      }),
    );

    if (unreachable) {
      it('answers misses quickly and never throws when its server is down or silent', async () => {
        const fixture = await unreachable();
        try {
          const started = performance.now();
          for (let i = 0; i < 20; i++) {
            await fixture.cache.set(`k${i}`, 'v', 60);
            expect(await fixture.cache.get(`k${i}`)).toBeNull();
            await fixture.cache.delete([`k${i}`]);
          }
          expect(performance.now() - started).toBeLessThan(2000);
        } finally {
          await fixture.close();
        }
      });
    }
  });
}
