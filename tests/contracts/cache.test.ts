import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { LruCache } from '../../adapters/cache/lru.cache.adapter.js';
import { RedisCache } from '../../adapters/cache/redis.cache.adapter.js';
import { describeWithService } from '../support/real-services.js';
import { cacheContract } from './cache.contract.js';

cacheContract('in-process LRU', async () => ({
  cache: new LruCache({ maxEntries: 1000, maxBytes: 10_000_000 }),
  close: async () => {},
}));

const redisAt = (url: string) => new RedisCache({ url, timeoutMs: 100, cooldownMs: 500, keyPrefix: 'test:' });

/** A TCP server that accepts connections and never answers: a hung Redis. */
async function silentServer(): Promise<{ url: string; server: Server }> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describeWithService('REDIS_URL', 'Redis cache', (url) => {
  cacheContract(
    'Redis (ioredis)',
    async () => {
      const cache = redisAt(url);
      if (!(await cache.connected(3000))) throw new Error(`cannot reach Redis at ${url}`);
      return { cache, close: () => cache.close() };
    },
    async () => {
      const { url: silentUrl, server } = await silentServer();
      const cache = redisAt(silentUrl);
      return {
        cache,
        close: async () => {
          await cache.close();
          server.close();
        },
      };
    },
  );
});
