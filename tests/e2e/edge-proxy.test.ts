import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { localShopConfig } from '../support/local-shop-config.js';

interface Answer {
  status: number;
  body: string;
  contentType: string;
  reusedSocket: boolean;
}

/** One request on a given keep-alive agent, so consecutive calls share a TCP connection. */
function send(
  agent: Agent,
  base: string,
  path: string,
  init: { method?: string; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      new URL(path, base),
      {
        agent,
        method: init.method ?? 'GET',
        headers: {
          ...(init.body ? { 'content-type': 'application/json', 'content-length': init.body.length } : {}),
          ...init.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: String(response.headers['content-type'] ?? ''),
            reusedSocket: outgoing.reusedSocket,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

/** The local edge and ALB router behave like CloudFront and the ALB for what reaches them. */
describe('edge and ALB router', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-edge-'));
  let shop: LocalShop;

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 24), quiet: true });
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['edge', () => ({ base: shop.urls.edge, headers: {} as Record<string, string> })],
    ['ALB router', () => ({ base: shop.urls.alb, headers: { 'x-origin-verify': shop.originSecret } })],
  ])(
    '%s: answers a 2 MB body with 413 problem+json every time, and the same connection serves the next request',
    async (_name, hop) => {
      const { base, headers } = hop();
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const huge = Buffer.from(
        JSON.stringify({ paymentToken: 'tok_visa', pad: 'x'.repeat(2 * 1024 * 1024) }),
      );
      try {
        for (let round = 0; round < 8; round++) {
          const tooLarge = await send(agent, base, '/api/checkout', {
            method: 'POST',
            body: huge,
            headers: { ...headers, 'idempotency-key': `big-${round}` },
          });
          expect({ round, status: tooLarge.status, body: tooLarge.body.slice(0, 300) }).toMatchObject({
            status: 413,
          });
          expect(tooLarge.contentType).toMatch(/application\/problem\+json/);
          const next = await send(agent, base, '/api/me', { headers });
          expect(next.reusedSocket).toBe(true);
          expect({ status: next.status, body: next.body.slice(0, 200) }).toMatchObject({ status: 401 });
        }
      } finally {
        agent.destroy();
      }
    },
  );

  it.each([
    ['GET', '/api/nonexistent'],
    ['GET', '/api/searches'],
    ['POST', '/api/cart-items'],
    ['GET', '/api/products/some-slug/reviews'],
    ['DELETE', '/api/categories/x'],
  ])(
    'answers %s %s (an unknown API path) with 404 problem+json, never the storefront page',
    async (method, path) => {
      const response = await fetch(`${shop.urls.edge}${path}`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 404 });
    },
  );

  it('refuses requests that did not come through the edge: the ALB rules require the origin header', async () => {
    for (const headers of [{}, { 'x-origin-verify': 'guessed-value' }] as Record<string, string>[]) {
      const response = await fetch(`${shop.urls.alb}/api/me`, { headers });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    const through = await fetch(`${shop.urls.alb}/api/me`, {
      headers: { 'x-origin-verify': shop.originSecret },
    });
    expect(through.status).toBe(401);
  });

  // Node's HTTP parser refuses a request line and headers over 16 KiB before any handler runs (the openapi fuzz found
  // the edge answering that with an empty 431).
  it.each([
    ['edge', () => ({ base: shop.urls.edge, headers: {} as Record<string, string> })],
    ['ALB router', () => ({ base: shop.urls.alb, headers: { 'x-origin-verify': shop.originSecret } })],
  ])('%s: answers a request line and headers over 16 KiB with 431 problem+json', async (_name, hop) => {
    const { base, headers } = hop();
    for (const path of ['/api/products', '/api/orders']) {
      const answer = await send(new Agent(), base, `${path}?cursor=${'x'.repeat(17_000)}`, {
        headers: { ...headers, cookie: 'session=abc' },
      });
      expect(answer.status, `${path}: ${answer.body.slice(0, 120)}`).toBe(431);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'REQUEST.HEADERS_TOO_LARGE' });
    }
  });
});
