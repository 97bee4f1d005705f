import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../adapters/cache/memory.rate-limiter.js';
import { createServiceApp } from '../../adapters/http/chassis/server.js';
import { createLogger } from '../../adapters/logs/logger.js';

const PARTNER = 'https://partner.example.com';
const SHOP_HOST = 'shop.example.com';

describe('CORS allow-list and security headers on the services', () => {
  let app: FastifyInstance;
  const seen: string[] = [];

  beforeAll(async () => {
    app = await createServiceApp({
      name: 'cors',
      logger: createLogger({ service: 'cors', level: 'error', sink: () => {} }),
      ready: async () => {},
      trustedProxyHops: 2,
      protections: {
        limiter: new MemoryRateLimiter(),
        limits: { reads: 1000, writes: 1000, checkouts: 1000 },
        allowedOrigins: [PARTNER],
      },
      routes: (instance) => {
        instance.get('/api/cart', async () => {
          seen.push('GET /api/cart');
          return { lines: [] };
        });
        instance.post('/api/cart/items', async () => {
          seen.push('POST /api/cart/items');
          return { ok: true };
        });
        instance.delete('/api/cart/items/:sku', async () => {
          seen.push('DELETE /api/cart/items/:sku');
          return { ok: true };
        });
      },
    });
  });
  afterAll(() => app.close());

  /** As the edge forwards a viewer's request: its Host and scheme in X-Forwarded-Host and -Proto. */
  const viaEdge = (headers: Record<string, string>) => ({
    'x-forwarded-host': SHOP_HOST,
    'x-forwarded-proto': 'https',
    'x-forwarded-for': '203.0.113.7, 130.176.0.1',
    ...headers,
  });
  const post = (origin?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/cart/items',
      headers: viaEdge({ 'content-type': 'application/json', ...(origin ? { origin } : {}) }),
      payload: '{"sku":"A","quantity":1}',
    });

  it('takes state-changing requests from its own origin and without an Origin (curl, server to server)', async () => {
    seen.length = 0;
    expect((await post(`https://${SHOP_HOST}`)).statusCode).toBe(200);
    expect((await post()).statusCode).toBe(200);
    expect(seen).toEqual(['POST /api/cart/items', 'POST /api/cart/items']);
  });

  it('refuses a state-changing request from an origin not on the list with 403 problem+json; the route never runs', async () => {
    seen.length = 0;
    for (const origin of [
      'https://evil.example',
      'null',
      `http://${SHOP_HOST}`,
      `https://${SHOP_HOST}.evil.example`,
    ]) {
      const answer = await post(origin);
      expect(answer.statusCode, origin).toBe(403);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.json()).toMatchObject({ status: 403, code: 'REQUEST.CROSS_ORIGIN' });
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    const deleted = await app.inject({
      method: 'DELETE',
      url: '/api/cart/items/A',
      headers: viaEdge({ origin: 'https://evil.example' }),
    });
    expect(deleted.statusCode).toBe(403);
    expect(seen).toEqual([]);
  });

  it('answers a preflight from an allowed origin with what it may send, and refuses any other with 403', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/cart/items',
        headers: viaEdge({
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        }),
      });
    const allowed = await preflight(PARTNER);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': PARTNER,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
      vary: 'Origin',
    });
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('content-type');
    const refused = await preflight('https://evil.example');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('names an allowed origin on its answers, and answers reads from others without CORS headers (the browser hides them)', async () => {
    const partner = await post(PARTNER);
    expect(partner.statusCode).toBe(200);
    expect(partner.headers['access-control-allow-origin']).toBe(PARTNER);
    const read = await app.inject({ url: '/api/cart', headers: viaEdge({ origin: 'https://evil.example' }) });
    expect(read.statusCode).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps an OPTIONS that is no preflight a 405 with Allow', async () => {
    const answer = await app.inject({ method: 'OPTIONS', url: '/api/cart/items', headers: viaEdge({}) });
    expect(answer.statusCode).toBe(405);
    expect(answer.headers.allow).toBe('POST');
  });

  it('sends nosniff, no framing and same-origin resource policy on answers and on problems', async () => {
    for (const answer of [
      await app.inject({ url: '/api/cart', headers: viaEdge({}) }),
      await app.inject({ url: '/api/nope', headers: viaEdge({}) }),
      await post('https://evil.example'),
    ])
      expect(answer.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'cross-origin-resource-policy': 'same-origin',
      });
  });
});
