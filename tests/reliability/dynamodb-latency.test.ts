import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import { LOCAL_TABLES, type LocalShop, startLocalShop } from '../../local/shop.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { localShopConfig } from '../support/local-shop-config.js';

/** The services' and functions' DYNAMODB_TIMEOUT_MS default, and the client's attempts (adapters/dynamodb). */
const TIMEOUT_MS = 1000;
const ATTEMPTS = 3;
/** What one DynamoDB call may cost at worst: every attempt timing out, plus the SDK's jittered backoff between. */
const CALL_BUDGET_MS = ATTEMPTS * TIMEOUT_MS + 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * DynamoDB turns slow: a TCP fault proxy before the shop's dynalite holds every chunk. Each call gives up after its
 * timeout, retries a bounded number of times (counted at the proxy: the slow server sees exactly `ATTEMPTS`
 * connections per call), and a shopper's request is answered (a 5xx problem, not a hang) within the budget of the
 * DynamoDB calls it makes. Moderate latency only slows requests down; they still succeed.
 */
describe('DynamoDB slow (fault proxy before dynalite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-dynamodb-slow-'));
  let shop: LocalShop;
  let proxy: FaultProxy;

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 60), quiet: true });
    const dynamo = new URL(shop.urls.dynamodb);
    proxy = await startFaultProxy({ host: dynamo.hostname, port: Number(dynamo.port) });
    // Only the cart service goes through the proxy: restarted with the proxy as its DynamoDB endpoint.
    await shop.services.services.cart!.stop();
    shop.services.serviceEnv.DYNAMODB_ENDPOINT = proxy.url;
    await shop.services.restart('cart');
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    await proxy?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a call to a DynamoDB that never answers in time gives up after its attempts, each one seen by the server', async () => {
    const client = createDynamoDbClient({
      region: 'local',
      endpoint: proxy.url,
      requestTimeoutMs: TIMEOUT_MS,
    });
    try {
      proxy.delay(10_000);
      const before = proxy.connections();
      const started = performance.now();
      const error = await client
        .send(
          new GetItemCommand({ TableName: LOCAL_TABLES.catalog, Key: { pk: { S: 'x' }, sk: { S: 'x' } } }),
        )
        .then(
          () => null,
          (e: Error) => e,
        );
      const elapsed = performance.now() - started;
      const attempts = proxy.connections() - before;
      console.log(
        `GetItem against a 10 s latency: failed after ${elapsed.toFixed(0)} ms (${error?.name}), ${attempts} attempts reached the server`,
      );
      expect(error).not.toBeNull();
      expect(attempts).toBe(ATTEMPTS);
      expect(elapsed).toBeGreaterThan(ATTEMPTS * TIMEOUT_MS);
      expect(elapsed).toBeLessThan(CALL_BUDGET_MS);
    } finally {
      proxy.pass();
      client.destroy();
    }
  }, 30_000);

  const timed = async (path: string, init: RequestInit = {}) => {
    const started = performance.now();
    const response = await fetch(`${shop.urls.edge}${path}`, {
      ...init,
      signal: AbortSignal.timeout(30_000),
    });
    const body = await response.text();
    return {
      status: response.status,
      ms: performance.now() - started,
      body,
      type: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
    };
  };

  it('shoppers meet a slow DynamoDB as slower answers, and a stuck one as a problem within the budget, never a hang', async () => {
    const page = JSON.parse((await timed('/api/products?limit=5')).body) as { items: { slug: string }[] };
    const product = JSON.parse((await timed(`/api/products/${page.items[0]!.slug}`)).body) as {
      variants: { sku: string }[];
    };
    const sku = product.variants[0]!.sku;
    const addToCart = (cookie = '') =>
      timed('/api/cart/items', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ sku, quantity: 1 }),
      });

    const healthy = await addToCart();
    expect(healthy.status).toBe(201);

    proxy.delay(150);
    const slow: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await addToCart();
      expect(answer.status, answer.body).toBe(201);
      slow.push(answer.ms);
    }

    proxy.delay(10_000);
    const before = proxy.connections();
    const stuck: { status: number; ms: number; problem: boolean; retryAfter: string | null }[] = [];
    for (let i = 0; i < 2; i++) {
      const answer = await addToCart();
      stuck.push({
        status: answer.status,
        ms: answer.ms,
        problem: /problem\+json/.test(answer.type ?? ''),
        retryAfter: answer.retryAfter,
      });
    }
    const attempts = proxy.connections() - before;
    proxy.pass();
    await sleep(500);
    const recovered = await addToCart();

    console.log(
      `add to cart (guest) through the edge: healthy ${healthy.ms.toFixed(0)} ms; with 150 ms per chunk each way ${slow.map((ms) => ms.toFixed(0)).join(', ')} ms (all 201); ` +
        `with DynamoDB stuck ${stuck.map((s) => `${s.status} in ${s.ms.toFixed(0)} ms`).join(', ')}, ${attempts} connections reached DynamoDB; ` +
        `back to normal: ${recovered.status} in ${recovered.ms.toFixed(0)} ms`,
    );
    for (const answer of stuck) {
      // An outage the shopper may retry, not a bug: 503 with Retry-After.
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('1');
      expect(answer.problem).toBe(true);
      // Adding to a guest cart makes at most two DynamoDB calls (the SKU, the cart write).
      expect(answer.ms).toBeLessThan(2 * CALL_BUDGET_MS);
    }
    expect(attempts).toBeLessThanOrEqual(stuck.length * 2 * ATTEMPTS);
    expect(recovered.status).toBe(201);
  }, 90_000);
});
