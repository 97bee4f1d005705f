import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import { LOCAL_TABLES, type LocalShop, startLocalShop } from '../../local/shop.js';
import { browser as shopBrowser } from '../support/browser.js';
import { localShopConfig } from '../support/local-shop-config.js';
import { SHIP_STANDARD } from '../support/shipping.js';

/** A shopper's whole journey over HTTP through the edge, the ALB router and the three services. */
describe('shopping through the local edge (users, cart, orders services)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-shopping-'));
  let shop: LocalShop;

  beforeAll(async () => {
    const config = await localShopConfig(dataDir, 60);
    shop = await startLocalShop({ config, quiet: true });
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const browser = () => shopBrowser(() => shop.urls.edge);

  const skus = async (count: number) => {
    const page = (await (
      await fetch(`${shop.urls.edge}/api/products?limit=${count}&sort=price_asc`)
    ).json()) as { items: { slug: string }[] };
    return Promise.all(
      page.items.map(async (item) => {
        const product = (await (await fetch(`${shop.urls.edge}/api/products/${item.slug}`)).json()) as {
          variants: { sku: string; availability: { count: number } }[];
        };
        return product.variants.find((v) => v.availability.count > 3)!.sku;
      }),
    );
  };
  let counter = 0;
  const register = async (as = browser()) => {
    const email = `shopper${++counter}.${Date.now()}@example.com`;
    const response = await as('/api/auth/register', {
      body: { email, password: 'correct-horse-1', name: 'Shopper' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie().join()).toMatch(/session=.*HttpOnly.*SameSite=Lax/i);
    return { as, email };
  };

  it('registers, fills a cart with two SKUs, checks out once (201), and a replay returns the same order', async () => {
    const { as } = await register();
    const [a, b] = await skus(2);
    expect((await as('/api/cart/items', { body: { sku: a, quantity: 2 } })).status).toBe(201);
    expect((await as('/api/cart/items', { body: { sku: b, quantity: 1 } })).status).toBe(201);
    const cart = await as('/api/cart');
    expect(cart.body.itemCount).toBe(3);
    const first = await as('/api/checkout', {
      body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
      headers: { 'idempotency-key': 'order-1' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'CONFIRMED', subtotal: cart.body.subtotal });
    const { subtotal, shipping, tax, total } = first.body;
    expect(total.amount).toBe(subtotal.amount + shipping.amount.amount + tax.amount.amount);
    // The cart service showed this cart a moment ago; the bought lines are gone from its view at once.
    expect((await as('/api/cart')).body).toMatchObject({ itemCount: 0, lines: [] });
    const again = await as('/api/checkout', {
      body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
      headers: { 'idempotency-key': 'order-1' },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const orders = await as('/api/orders');
    expect(orders.body.items.map((o: { id: string }) => o.id)).toEqual([first.body.id]);
    const reused = await as('/api/checkout', {
      body: { paymentToken: 'tok_declined', ...SHIP_STANDARD },
      headers: { 'idempotency-key': 'order-1' },
    });
    expect(reused.status).toBe(422);
  });

  it('moves the catalog availability after a confirmed order (outbox -> projection), and empties the cart', async () => {
    const { as } = await register();
    // A product no other test buys, so no other order's projection lands in between.
    const sku = (await skus(8)).at(-1);
    const client = createDynamoDbClient({
      region: 'us-east-1',
      endpoint: shop.urls.dynamodb,
      requestTimeoutMs: 5000,
    });
    const catalog = new ElectroDbCatalogRepository(client, LOCAL_TABLES.catalog);
    const countOf = async () => (await catalog.getSkus([sku!])).get(sku!)!.availability.count;
    try {
      const before = await countOf();
      await as('/api/cart/items', { body: { sku, quantity: 2 } });
      expect(
        (
          await as('/api/checkout', {
            body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
            headers: { 'idempotency-key': 'p-1' },
          })
        ).status,
      ).toBe(201);
      let after = before;
      for (let i = 0; i < 50 && after !== before - 2; i++) {
        await new Promise((r) => setTimeout(r, 200));
        after = await countOf();
      }
      expect(after).toBe(before - 2);
      expect((await as('/api/cart')).body.itemCount).toBe(0);
    } finally {
      client.destroy();
    }
  });

  it('declined card: 402, the cart is kept', async () => {
    const { as } = await register();
    const [a] = await skus(1);
    await as('/api/cart/items', { body: { sku: a, quantity: 1 } });
    const declined = await as('/api/checkout', {
      body: { paymentToken: 'tok_declined', ...SHIP_STANDARD },
      headers: { 'idempotency-key': 'd-1' },
    });
    expect(declined.status).toBe(402);
    expect(declined.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await as('/api/cart')).body.itemCount).toBe(1);
  });

  it("shows another user's order and cart as not found / empty", async () => {
    const alice = await register();
    const [a] = await skus(1);
    await alice.as('/api/cart/items', { body: { sku: a, quantity: 1 } });
    const order = await alice.as('/api/checkout', {
      body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
      headers: { 'idempotency-key': 'a-1' },
    });
    const bob = await register();
    expect((await bob.as(`/api/orders/${order.body.id}`)).status).toBe(404);
    expect((await bob.as('/api/cart')).body.itemCount).toBe(0);
  });

  it('merges a guest cart into the account at login', async () => {
    const { as, email } = await register();
    await as('/api/auth/logout', { method: 'POST' });
    const guest = browser();
    const [a] = await skus(1);
    expect((await guest('/api/cart/items', { body: { sku: a, quantity: 2 } })).status).toBe(201);
    const login = await guest('/api/auth/login', { body: { email, password: 'correct-horse-1' } });
    expect(login.status).toBe(200);
    expect((await guest('/api/cart')).body.lines).toMatchObject([{ sku: a, quantity: 2 }]);
  });

  it.each([
    [
      'missing Idempotency-Key',
      '/api/checkout',
      { body: { paymentToken: 'tok_visa', ...SHIP_STANDARD } },
      400,
      /Idempotency-Key/,
    ],
    [
      'negative quantity',
      '/api/cart/items',
      { body: { sku: 'SKU-X', quantity: -1 } },
      400,
      /quantity: must be at least 1/,
    ],
    ['quantity as a string', '/api/cart/items', { body: { sku: 'SKU-X', quantity: '2' } }, 400, /quantity/],
    ['missing fields', '/api/cart/items', { body: {} }, 400, /sku/],
    [
      'unknown SKU',
      '/api/cart/items',
      { body: { sku: 'SKU-NOPE', quantity: 1 } },
      422,
      /SKU-NOPE is not for sale/,
    ],
    ['malformed JSON', '/api/cart/items', { raw: '{"sku":' }, 400, /not valid JSON/],
    [
      'a huge body',
      '/api/cart/items',
      { raw: JSON.stringify({ sku: 'A', quantity: 1, pad: 'x'.repeat(100_000) }) },
      413,
      /larger than/,
    ],
  ])('answers %s with a problem', async (_name, path, init, status, detail) => {
    const { as } = await register();
    const response = await as(path, init as never);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.body.detail).toMatch(detail);
  });

  it('answers 401 without a session, with a tampered cookie, and after logout', async () => {
    const anonymous = browser();
    expect((await anonymous('/api/me')).status).toBe(401);
    const { as } = await register();
    expect((await as('/api/me')).status).toBe(200);
    const tampered = await fetch(`${shop.urls.edge}/api/me`, {
      headers: { cookie: 'session=forged-token-value' },
    });
    expect(tampered.status).toBe(401);
    await as('/api/auth/logout', { method: 'POST' });
    expect((await as('/api/me')).status).toBe(401);
    expect((await as('/api/orders')).status).toBe(401);
  });

  it('answers a wrong password and an unknown email alike, and rate limits repeated failures (429)', async () => {
    const { email } = await register();
    const wrong = await browser()('/api/auth/login', { body: { email, password: 'not-the-password' } });
    const unknown = await browser()('/api/auth/login', {
      body: { email: 'nobody@example.com', password: 'not-the-password' },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    let last = wrong;
    for (let i = 0; i < 10 && last.status !== 429; i++)
      last = await browser()('/api/auth/login', { body: { email, password: 'still-wrong-1' } });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
