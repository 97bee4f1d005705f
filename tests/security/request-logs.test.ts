import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../adapters/s3/s3-client.js';
import { findRequestLines } from '../../local/logs.js';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { browser as shopBrowser } from '../support/browser.js';
import { localShopConfig } from '../support/local-shop-config.js';
import { SHIP_STANDARD } from '../support/shipping.js';

type Line = Record<string, unknown> & { service: string; msg: string };

/**
 * What an operator does after a shopper reports a failed checkout: take the x-request-id of the answer and find
 * every line about it in the log bucket. The shop runs as `npm start` runs it: each process's output goes to the log
 * bucket (s3rver) as Firehose would put it there.
 */
describe('request logs in the log bucket', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-request-logs-'));
  let shop: LocalShop;
  const password = 'Tr0ub4dor-and-3-horses';
  const email = `logs.${Date.now()}@example.com`;
  let sessionToken = '';
  let checkout: { requestId: string; orderId: string; userId: string };
  let productRequestId = '';

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 40), quiet: true });
    const as = shopBrowser(() => shop.urls.edge);
    const registered = await as('/api/auth/register', { body: { email, password, name: 'Log Reader' } });
    expect(registered.status).toBe(201);
    sessionToken = as.jar.get('session')!;
    const products = await fetch(`${shop.urls.edge}/api/products?limit=1`, {
      headers: { 'x-request-id': 'chosen-by-the-client' },
    });
    productRequestId = products.headers.get('x-request-id')!;
    const slug = ((await products.json()) as { items: { slug: string }[] }).items[0]!.slug;
    const product = await (await fetch(`${shop.urls.edge}/api/products/${slug}`)).json();
    const sku = (product as { variants: { sku: string }[] }).variants[0]!.sku;
    expect((await as('/api/cart/items', { body: { sku, quantity: 1 } })).status).toBe(201);
    const answer = await as('/api/checkout', {
      body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
      headers: { 'idempotency-key': 'logs-order-1' },
    });
    expect(answer.status).toBe(201);
    checkout = {
      requestId: answer.headers.get('x-request-id')!,
      orderId: answer.body.id,
      userId: registered.body.user.id,
    };
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const s3 = () => createS3Client({ region: 'us-east-1', endpoint: shop.urls.logs.endpoint });
  async function linesOf(requestId: string, expected: (lines: Line[]) => boolean): Promise<Line[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await findRequestLines({ s3: s3(), bucket: shop.urls.logs.bucket, requestId });
      const lines = found.map((f) => JSON.parse(f.line) as Line);
      if (expected(lines) || Date.now() > deadline) return lines;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it("finds a checkout's lines by the answer's request id, with its trace reaching the payment provider", async () => {
    expect(checkout.requestId).toMatch(/^[\w-]{40,64}$/);
    const lines = await linesOf(checkout.requestId, (l) => l.some((line) => line.msg === 'request'));
    const access = lines.find((line) => line.msg === 'request');
    expect(access).toMatchObject({
      service: 'orders',
      route: 'POST /api/checkout',
      status: 201,
      userId: checkout.userId,
    });
    expect(lines.find((line) => line.msg === 'checkout')).toMatchObject({
      outcome: 'confirmed',
      checkouts: 1,
    });
    const traceId = access!.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(lines.map((line) => line.traceId))).toEqual(new Set([traceId]));
    // The far side: the card network was called on behalf of the same request and trace.
    const caller = shop.services.payments.callers.get(checkout.orderId);
    expect(caller?.requestId).toBe(checkout.requestId);
    // ...as a child of the orders service's span for it.
    expect(caller?.traceparent).toBe(`00-${traceId}-${access!.spanId}-01`);
  });

  it("gives the product API's lines the edge's request id, never one the client chose", async () => {
    expect(productRequestId).not.toBe('chosen-by-the-client');
    const lines = await linesOf(productRequestId, (l) => l.length > 0);
    expect(lines).toContainEqual(
      expect.objectContaining({ service: 'catalog-api', route: 'GET /api/products', status: 200 }),
    );
    expect(await linesOf('chosen-by-the-client', () => false)).toEqual([]);
  }, 30_000);

  it('keeps passwords, session tokens and card tokens out of every log object', async () => {
    // A failed login and a bad request carrying the password too: the paths where secrets usually leak.
    const as = shopBrowser(() => shop.urls.edge);
    expect((await as('/api/auth/login', { body: { email, password: `${password}x` } })).status).toBe(401);
    expect((await as('/api/auth/register', { body: { email: 'not-an-email', password } })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 3000));
    const client = s3();
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: shop.urls.logs.bucket, Prefix: 'app/' }),
    );
    const keys = (listed.Contents ?? []).map((object) => object.Key!);
    expect(keys.length).toBeGreaterThan(0);
    const services = new Set(keys.map((key) => key.split('/')[1]));
    for (const service of ['users', 'cart', 'orders', 'catalog-api']) expect(services).toContain(service);
    let text = '';
    for (const key of keys) {
      const object = await client.send(new GetObjectCommand({ Bucket: shop.urls.logs.bucket, Key: key }));
      text += gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString('utf8');
    }
    expect(text).toContain('POST /api/auth/login');
    for (const secret of [password, sessionToken, 'tok_visa']) expect(text).not.toContain(secret);
  }, 60_000);
});
