import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../adapters/cache/memory.rate-limiter.js';
import { RedisRateLimiter } from '../../adapters/cache/redis.rate-limiter.js';
import type { RouteRateLimits } from '../../adapters/http/chassis/rate-limit.js';
import { createServiceApp } from '../../adapters/http/chassis/server.js';
import { createLogger } from '../../adapters/logs/logger.js';
import type { RateLimiter } from '../../domain/users/users.ports.js';
import { describeWithService } from '../support/real-services.js';

const LIMITS: RouteRateLimits = { reads: 6, writes: 4, checkouts: 2 };
/** The ALB's address as a task sees it; the client is read 2 hops back in X-Forwarded-For, as on AWS. */
const ALB = '10.0.1.23';

/** One task: the chassis with its protections, and what its handlers actually ran. */
async function task(limiter: RateLimiter) {
  const seen: string[] = [];
  const app = await createServiceApp({
    name: 'limited',
    logger: createLogger({ service: 'limited', level: 'error', sink: () => {} }),
    ready: async () => {},
    trustedProxyHops: 2,
    protections: { limiter, limits: LIMITS, allowedOrigins: [] },
    routes: (instance: FastifyInstance) => {
      instance.get('/api/things/:id', async (request) => {
        seen.push(`GET ${request.url}`);
        return { ok: true };
      });
      instance.post('/api/things', async (request) => {
        seen.push(`POST ${request.url}`);
        return { ok: true };
      });
      instance.post('/api/buy', { config: { rateLimit: 'checkouts' } }, async () => {
        seen.push('POST /api/buy');
        return { ok: true };
      });
    },
  });
  return { app, seen };
}

const from = (client: string, forged = '') => ({
  remoteAddress: ALB,
  headers: { 'x-forwarded-for': `${forged ? `${forged}, ` : ''}${client}, 130.176.0.1` },
});

async function send(app: FastifyInstance, method: 'GET' | 'POST', url: string, client: string, forged = '') {
  const { remoteAddress, headers } = from(client, forged);
  return app.inject({
    method,
    url,
    remoteAddress,
    headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { payload: '{}' } : {}),
  });
}

/** The behaviour every limiter gives one task, whichever store counts. */
function perRouteLimits(name: string, limiter: () => Promise<RateLimiter>) {
  describe(`per-route limits in one task (${name})`, () => {
    // Each test uses its own client addresses, so the buckets of one never touch another's.
    const byte = () => Math.floor(Math.random() * 250) + 1;
    const client = () => `10.${byte()}.${byte()}.${byte()}`;

    it('lets a route template take its class limit per address, then answers 429 problem+json with Retry-After; the handler never sees the refused ones', async () => {
      const { app, seen } = await task(await limiter());
      const address = client();
      const statuses: number[] = [];
      // Different ids, one template: one bucket.
      for (let i = 0; i < 9; i++)
        statuses.push((await send(app, 'GET', `/api/things/${i}`, address)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429]);
      expect(seen).toHaveLength(LIMITS.reads);
      const refused = await send(app, 'GET', '/api/things/x', address);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.json()).toMatchObject({ status: 429, code: 'REQUEST.TOO_MANY' });
      await app.close();
    });

    it('counts each address, each route and each class apart; writes and checkouts by their own limits', async () => {
      const { app, seen } = await task(await limiter());
      const [one, two] = [client(), client()];
      for (let i = 0; i < LIMITS.reads; i++) await send(app, 'GET', '/api/things/a', one);
      expect((await send(app, 'GET', '/api/things/a', one)).statusCode).toBe(429);
      expect((await send(app, 'GET', '/api/things/a', two)).statusCode).toBe(200);
      const writes = [];
      for (let i = 0; i <= LIMITS.writes; i++)
        writes.push((await send(app, 'POST', '/api/things', one)).statusCode);
      expect(writes).toEqual([200, 200, 200, 200, 429]);
      const buys = [];
      for (let i = 0; i <= LIMITS.checkouts; i++)
        buys.push((await send(app, 'POST', '/api/buy', one)).statusCode);
      expect(buys).toEqual([200, 200, 429]);
      expect(seen.filter((s) => s === 'POST /api/buy')).toHaveLength(LIMITS.checkouts);
      await app.close();
    });

    it('keys on the address the trusted hops name: a forged X-Forwarded-For does not buy a fresh bucket', async () => {
      const { app, seen } = await task(await limiter());
      const address = client();
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await send(app, 'POST', '/api/things', address, `198.51.100.${i}`)).statusCode);
      expect(statuses.filter((s) => s === 200)).toHaveLength(LIMITS.writes);
      expect(seen).toHaveLength(LIMITS.writes);
      await app.close();
    });

    it('never limits health checks', async () => {
      const { app } = await task(await limiter());
      const address = client();
      for (let i = 0; i < 20; i++)
        expect((await app.inject({ url: '/health', ...from(address) })).statusCode).toBe(200);
      await app.close();
    });
  });
}

perRouteLimits('in-process LRU', async () => new MemoryRateLimiter());

describe('the in-process limiter as a token bucket', () => {
  it('refills limit per window, bursts at most limit, and forgets the least recently seen key past its size', () => {
    const limiter = new MemoryRateLimiter(3);
    const t0 = 1_000_000;
    const take = (key: string, at: number) => limiter.take(key, 2, 60_000, at).allowed;
    expect([take('a', t0), take('a', t0), take('a', t0)]).toEqual([true, true, false]);
    expect(limiter.take('a', 2, 60_000, t0).retryAfterSeconds).toBe(30);
    expect(take('a', t0 + 29_000)).toBe(false);
    expect(take('a', t0 + 31_000)).toBe(true);
    // An hour idle refills to the limit, not beyond.
    expect([take('a', t0 + 3_600_000), take('a', t0 + 3_600_000), take('a', t0 + 3_600_000)]).toEqual([
      true,
      true,
      false,
    ]);
    // b, c, d: a (least recently used) is evicted, so it starts full again.
    for (const key of ['b', 'c', 'd']) take(key, t0 + 3_600_000);
    expect(take('a', t0 + 3_600_000)).toBe(true);
  });
});

describeWithService('REDIS_URL', 'per-route limits shared by every task (Redis)', (url) => {
  const prefix = `test-${randomUUID().slice(0, 8)}:`;
  const limiters: RedisRateLimiter[] = [];
  const redisLimiter = () => {
    const limiter = new RedisRateLimiter(url, prefix, 500);
    limiters.push(limiter);
    return limiter;
  };
  const connectedLimiter = async () => {
    const limiter = redisLimiter();
    if (!(await limiter.connected(3000))) throw new Error(`cannot reach Redis at ${url}`);
    return limiter;
  };
  const admin = new Redis(url, { lazyConnect: true });
  afterAll(async () => {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    admin.disconnect();
    for (const limiter of limiters) await limiter.close();
  });

  perRouteLimits('Redis', connectedLimiter);

  it('counts one address across two tasks in one bucket, in Redis: together they let the limit through', async () => {
    const [first, second] = [await task(await connectedLimiter()), await task(await connectedLimiter())];
    const address = `192.0.2.${Math.floor(Math.random() * 250) + 1}`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.writes; i++) {
      statuses.push((await send(first.app, 'POST', '/api/things', address)).statusCode);
      statuses.push((await send(second.app, 'POST', '/api/things', address)).statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMITS.writes);
    expect(first.seen.length + second.seen.length).toBe(LIMITS.writes);
    const stored = await admin.hgetall(`${prefix}ratelimit:route:POST /api/things:${address}`);
    expect(Number(stored.tokens)).toBeLessThan(1);
    expect(await admin.pttl(`${prefix}ratelimit:route:POST /api/things:${address}`)).toBeGreaterThan(0);
    await first.app.close();
    await second.app.close();
  });

  it("refills the bucket on Redis's clock: refused at once past the limit, allowed again a token later", async () => {
    const limiter = await connectedLimiter();
    const key = `refill-${randomUUID()}`;
    // 2 per second: a token every 500 ms.
    const burst = await Promise.all(Array.from({ length: 3 }, () => limiter.hit(key, 2, 1)));
    expect(burst.filter((d) => d.allowed)).toHaveLength(2);
    expect(burst.find((d) => !d.allowed)?.retryAfterSeconds).toBe(1);
    await new Promise((r) => setTimeout(r, 600));
    expect((await limiter.hit(key, 2, 1)).allowed).toBe(true);
    expect((await limiter.hit(key, 2, 1)).allowed).toBe(false);
  });
});
