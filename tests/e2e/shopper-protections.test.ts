import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { type BrowserAnswer, browser as shopBrowser } from '../support/browser.js';
import { localShopConfig } from '../support/local-shop-config.js';
import { describeWithService } from '../support/real-services.js';
import { SHIP_STANDARD } from '../support/shipping.js';

type Answer = BrowserAnswer;
const browser = (shop: () => LocalShop) => shopBrowser(() => shop().urls.edge);

let emails = 0;
const freshEmail = () => `protect${++emails}.${Date.now()}@example.com`;

async function registered(shop: () => LocalShop) {
  const as = browser(shop);
  const email = freshEmail();
  expect(
    (await as('/api/auth/register', { body: { email, password: 'correct-horse-1', name: 'P' } })).status,
  ).toBe(201);
  return { as, email };
}

/** Products with SKUs that have stock, from the public API; `skip` keeps tests off each other's products. */
async function stockedProducts(shop: LocalShop, skip: number, count: number) {
  const page = (await (
    await fetch(`${shop.urls.edge}/api/products?limit=${skip + count}&sort=price_asc`)
  ).json()) as {
    items: { slug: string }[];
  };
  return Promise.all(
    page.items.slice(skip).map(async ({ slug }) => {
      const product = (await (await fetch(`${shop.urls.edge}/api/products/${slug}`)).json()) as {
        id: string;
        slug: string;
        categoryId: string;
        availability: { count: number };
        variants: { sku: string; availability: { count: number } }[];
      };
      return { ...product, sku: product.variants.find((v) => v.availability.count >= 4)?.sku };
    }),
  );
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, withinMs: number) {
  const started = Date.now();
  let value = await probe();
  while (!done(value) && Date.now() - started < withinMs) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return { value, ms: Date.now() - started };
}

/**
 * A shopper sees a sale in availability within 5 s on every read path: the product page and the category listing,
 * both read (and so cached) just before the sale.
 */
async function availabilityFollowsASale(shop: LocalShop, skip: number) {
  const [product] = (await stockedProducts(shop, skip, 4)).filter((p) => p.sku);
  const sku = product!.sku!;
  const variantCount = async () =>
    (
      (await (await fetch(`${shop.urls.edge}/api/products/${product!.slug}`)).json()) as typeof product & {}
    ).variants.find((v) => v.sku === sku)!.availability.count;
  const listedCount = async () => {
    const page = (await (
      await fetch(`${shop.urls.edge}/api/products?category=${product!.categoryId}&limit=100`)
    ).json()) as { items: { id: string; availability: { count: number } }[] };
    return page.items.find((item) => item.id === product!.id)!.availability.count;
  };
  const before = { variant: await variantCount(), listed: await listedCount() };
  const { as } = await registered(() => shop);
  expect((await as('/api/cart/items', { body: { sku, quantity: 2 } })).status).toBe(201);
  const order = await as('/api/checkout', {
    body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
    headers: { 'idempotency-key': `fresh-${sku}` },
  });
  expect(order.status).toBe(201);
  const [page, listing] = await Promise.all([
    until(variantCount, (n) => n === before.variant - 2, 8000),
    until(listedCount, (n) => n === before.listed - 2, 8000),
  ]);
  expect({ page: page.value, listing: listing.value }).toEqual({
    page: before.variant - 2,
    listing: before.listed - 2,
  });
  expect(Math.max(page.ms, listing.ms)).toBeLessThanOrEqual(5000);
}

describe('what shoppers and the shop owner rely on (embedded back ends)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-protect-'));
  let shop: LocalShop;
  const current = () => shop;

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 60), quiet: true });
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a registration for a taken email exactly like a new one, and leaves the account alone', async () => {
    const { email } = await registered(current);
    const intruder = browser(current);
    const again = await intruder('/api/auth/register', {
      body: { email, password: 'intruder-password-1', name: 'Intruder' },
    });
    const fresh = await browser(current)('/api/auth/register', {
      body: { email: freshEmail(), password: 'another-password-1', name: 'New' },
    });
    expect(again.status).toBe(fresh.status);
    expect(Object.keys(again.body.user).sort()).toEqual(Object.keys(fresh.body.user).sort());
    expect(again.headers.getSetCookie().join()).toMatch(/session=.*HttpOnly/i);
    expect((await intruder('/api/me')).status).toBe(401);
    const owner = await browser(current)('/api/auth/login', { body: { email, password: 'correct-horse-1' } });
    expect(owner.status).toBe(200);
    const stolen = await browser(current)('/api/auth/login', {
      body: { email, password: 'intruder-password-1' },
    });
    expect(stolen.status).toBe(401);
  });

  it('ends a session in every service within a second of logout', async () => {
    const { as } = await registered(current);
    expect((await as('/api/orders')).status).toBe(200);
    expect((await as('/api/cart/items', { body: { sku: 'SKU-NONE', quantity: 1 } })).status).toBe(422);
    expect((await as('/api/me')).status).toBe(200);
    const token = as.jar.get('session')!;
    expect((await as('/api/auth/logout', { method: 'POST' })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1000));
    as.jar.set('session', token);
    expect((await as('/api/orders')).status).toBe(401);
    expect((await as('/api/me')).status).toBe(401);
    expect(
      (
        await as('/api/checkout', {
          body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
          headers: { 'idempotency-key': 'x' },
        })
      ).status,
    ).toBe(401);
  });

  it('keeps a line added while the checkout ran, and never finds the cart empty in an add-then-checkout loop', async () => {
    const { as } = await registered(current);
    const products = (await stockedProducts(shop, 8, 4)).filter((p) => p.sku);
    const [a, b] = [products[0]!.sku!, products[1]!.sku!];
    expect((await as('/api/cart/items', { body: { sku: a, quantity: 1 } })).status).toBe(201);
    expect(
      (
        await as('/api/checkout', {
          body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
          headers: { 'idempotency-key': 'k-0' },
        })
      ).status,
    ).toBe(201);
    expect((await as('/api/cart/items', { body: { sku: b, quantity: 1 } })).status).toBe(201);
    const settled = await until(
      () => as('/api/cart'),
      (cart) => !cart.body.lines.some((line: { sku: string }) => line.sku === a),
      5000,
    );
    expect(settled.value.body.lines).toMatchObject([{ sku: b, quantity: 1 }]);

    const answers: number[] = [];
    for (let i = 1; i <= 8; i++) {
      expect((await as('/api/cart/items', { body: { sku: b, quantity: 1 } })).status).toBe(201);
      answers.push(
        (
          await as('/api/checkout', {
            body: { paymentToken: 'tok_visa', ...SHIP_STANDARD },
            headers: { 'idempotency-key': `k-${i}` },
          })
        ).status,
      );
    }
    expect(answers).toEqual(Array(8).fill(201));
  });

  // Last: it uses up this address's login budget.
  it('does not let a forged X-Forwarded-For dodge the per-address login limit', async () => {
    let last: Answer | undefined;
    for (let attempt = 0; attempt < 32 && last?.status !== 429; attempt++) {
      last = await browser(current)('/api/auth/login', {
        body: { email: `nobody${attempt}@example.com`, password: 'wrong-password-1' },
        headers: { 'x-forwarded-for': `203.0.113.${attempt}, 198.51.100.${attempt}` },
      });
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('shows a sale in the product page and the listing within 5 s (in-process caches)', async () => {
    await availabilityFollowsASale(shop, 16);
  });
});

describeWithService('REDIS_URL', 'availability with Redis as the cache', (redisUrl) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-protect-redis-'));
  let shop: LocalShop;

  beforeAll(async () => {
    shop = await startLocalShop({
      config: await localShopConfig(dataDir, 60, { REDIS_URL: redisUrl }),
      quiet: true,
    });
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a sale in the product page and the listing within 5 s', async () => {
    await availabilityFollowsASale(shop, 24);
  });
});
