import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAVED_ADDRESSES } from '../../domain/orders/address-book.js';
import { SHIPPING_RATES } from '../../domain/orders/shipping.js';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { browser as shopBrowser } from '../support/browser.js';
import { localShopConfig } from '../support/local-shop-config.js';
import { TEST_ADDRESS } from '../support/shipping.js';

const BERLIN = {
  name: 'Grace Hopper',
  line1: 'Unter den Linden 1',
  line2: '3. OG',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
};

/** The checkout contract (docs/checkout-contract.md) over HTTP through the local edge: addresses, shipping, tax. */
describe('checkout with a shipping address, a shipping method and tax (local edge)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-address-'));
  let shop: LocalShop;

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 40), quiet: true });
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let counter = 0;
  const shopper = async () => {
    const as = shopBrowser(() => shop.urls.edge);
    const response = await as('/api/auth/register', {
      body: { email: `addr${++counter}.${Date.now()}@example.com`, password: 'correct-horse-1', name: 'A' },
    });
    expect(response.status).toBe(201);
    return as;
  };

  /** SKUs with stock, cheapest first, with their unit prices. */
  const stocked = async (count: number) => {
    const page = (await (
      await fetch(`${shop.urls.edge}/api/products?limit=${count}&sort=price_asc`)
    ).json()) as {
      items: { slug: string }[];
    };
    return Promise.all(
      page.items.map(async (item) => {
        const product = (await (await fetch(`${shop.urls.edge}/api/products/${item.slug}`)).json()) as {
          variants: { sku: string; price: { amount: number }; availability: { count: number } }[];
        };
        const variant = product.variants.find((v) => v.availability.count > 5)!;
        return { sku: variant.sku, unit: variant.price.amount };
      }),
    );
  };

  const checkout = (as: ReturnType<typeof shopBrowser>, key: string, body: Record<string, unknown>) =>
    as('/api/checkout', { body: { paymentToken: 'tok_visa', ...body }, headers: { 'idempotency-key': key } });

  it('quotes express to Germany with shipping and 19% VAT as separate lines, and the order charges exactly that', async () => {
    const as = await shopper();
    const [a, b] = await stocked(2);
    await as('/api/cart/items', { body: { sku: a!.sku, quantity: 2 } });
    await as('/api/cart/items', { body: { sku: b!.sku, quantity: 1 } });
    const subtotal = a!.unit * 2 + b!.unit;
    const express = SHIPPING_RATES.europe.prices.express;
    const tax = Math.floor(((subtotal + express) * 19) / 100 + 0.5);

    const quote = await as('/api/checkout/quote?country=DE&method=express');
    expect(quote.status).toBe(200);
    expect(quote.headers.get('cache-control')).toBe('no-store');
    expect(quote.body).toMatchObject({
      subtotal: { amount: subtotal, currency: 'USD' },
      shipping: { method: 'express', amount: { amount: express }, free: false },
      tax: { rate: '0.19', amount: { amount: tax } },
      total: { amount: subtotal + express + tax },
    });
    expect(quote.body.lines.map((l: { sku: string }) => l.sku).sort()).toEqual([a!.sku, b!.sku].sort());

    const order = await checkout(as, 'de-1', { shippingMethod: 'express', shippingAddress: BERLIN });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({
      status: 'CONFIRMED',
      subtotal: quote.body.subtotal,
      shipping: { method: 'express', amount: quote.body.shipping.amount },
      tax: quote.body.tax,
      total: quote.body.total,
      shippingAddress: BERLIN,
    });
    // The same order however it is read back (lines in any order; updatedAt is the database's clock).
    const bySku = ({ updatedAt: _u, ...o }: { lines: { sku: string }[]; updatedAt: string }) => ({
      ...o,
      lines: [...o.lines].sort((x, y) => x.sku.localeCompare(y.sku)),
    });
    const listed = await as('/api/orders');
    expect(bySku(listed.body.items[0])).toEqual(bySku(order.body));
    expect(bySku((await as(`/api/orders/${order.body.id}`)).body)).toEqual(bySku(order.body));
  });

  it('ships standard for free from the threshold, never express; the US pays no tax in this table', async () => {
    const as = await shopper();
    const [a] = await stocked(1);
    const threshold = SHIPPING_RATES.domestic.freeStandardFrom;
    const quantity = Math.min(Math.ceil(threshold / a!.unit), 99);
    await as('/api/cart/items', { body: { sku: a!.sku, quantity } });
    const subtotal = a!.unit * quantity;
    expect(subtotal).toBeGreaterThanOrEqual(threshold);
    const standard = await as('/api/checkout/quote?country=US&method=standard');
    expect(standard.body).toMatchObject({
      shipping: { amount: { amount: 0 }, free: true },
      tax: { rate: '0', amount: { amount: 0 } },
      total: { amount: subtotal },
    });
    const express = await as('/api/checkout/quote?country=US&method=express');
    expect(express.body.shipping).toMatchObject({
      amount: { amount: SHIPPING_RATES.domestic.prices.express },
      free: false,
    });
    await as(`/api/cart/items/${a!.sku}`, { method: 'PATCH', body: { quantity: 1 } });
    const small = await as('/api/checkout/quote?country=US&method=standard');
    expect(small.body.shipping).toMatchObject({
      amount: { amount: SHIPPING_RATES.domestic.prices.standard },
      free: false,
    });
  });

  it('refuses bad addresses with a 400 naming each field, and takes nothing', async () => {
    const as = await shopper();
    const [a] = await stocked(1);
    await as('/api/cart/items', { body: { sku: a!.sku, quantity: 1 } });
    const bad: [Record<string, unknown>, string][] = [
      [{ ...BERLIN, country: 'XX' }, 'body.shippingAddress.country'],
      [{ ...BERLIN, country: 'de' }, 'body.shippingAddress.country'],
      [{ ...BERLIN, name: '   ' }, 'body.shippingAddress.name'],
      [{ ...BERLIN, postalCode: '10117!' }, 'body.shippingAddress.postalCode'],
      [{ ...BERLIN, line1: 'x'.repeat(201) }, 'body.shippingAddress.line1'],
      [{ ...BERLIN, city: 'Ber\nlin' }, 'body.shippingAddress.city'],
      [{ name: 'N', line1: 'L', postalCode: '1' }, 'body.shippingAddress.city'],
    ];
    for (const [address, field] of bad) {
      const answer = await checkout(as, `bad-${field}`, {
        shippingMethod: 'standard',
        shippingAddress: address,
      });
      expect(answer.status, JSON.stringify(address)).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/problem\+json/);
      expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const noMethod = await checkout(as, 'm', { shippingMethod: 'overnight', shippingAddress: BERLIN });
    expect(noMethod.status).toBe(400);
    const neither = await checkout(as, 'n', { shippingMethod: 'standard' });
    expect(neither.status).toBe(422);
    const both = await checkout(as, 'b', {
      shippingMethod: 'standard',
      shippingAddress: BERLIN,
      addressId: 'adr_01JZ0000000000000000000000',
    });
    expect(both.status).toBe(422);
    expect((await as('/api/checkout/quote?country=XX&method=standard')).status).toBe(400);
    expect((await as('/api/checkout/quote?method=standard')).status).toBe(422);
    expect((await as('/api/orders')).body.items).toEqual([]);
    expect((await as('/api/cart')).body.itemCount).toBe(1);
  });

  it('the same key with another address or method is another request (422), not a second order', async () => {
    const as = await shopper();
    const [a] = await stocked(1);
    await as('/api/cart/items', { body: { sku: a!.sku, quantity: 1 } });
    const first = await checkout(as, 'k', { shippingMethod: 'standard', shippingAddress: TEST_ADDRESS });
    expect(first.status).toBe(201);
    expect(
      (await checkout(as, 'k', { shippingMethod: 'express', shippingAddress: TEST_ADDRESS })).status,
    ).toBe(422);
    expect((await checkout(as, 'k', { shippingMethod: 'standard', shippingAddress: BERLIN })).status).toBe(
      422,
    );
    const replay = await checkout(as, 'k', { shippingMethod: 'standard', shippingAddress: TEST_ADDRESS });
    expect(replay.body).toEqual(first.body);
    expect((await as('/api/orders')).body.items).toHaveLength(1);
  });

  it('saves addresses, checks out to a saved one by id (the order keeps it after the address is deleted)', async () => {
    const as = await shopper();
    const saved = await as('/api/addresses', { body: { ...BERLIN, line2: '  ', region: ' Berlin ' } });
    expect(saved.status).toBe(201);
    const { line2: _line2, ...withoutLine2 } = BERLIN;
    expect(saved.body).toMatchObject({ ...withoutLine2, region: 'Berlin' });
    expect(saved.body.id).toMatch(/^adr_/);
    expect('line2' in saved.body).toBe(false);
    const other = await as('/api/addresses', { body: TEST_ADDRESS });
    expect((await as('/api/addresses')).body.items.map((x: { id: string }) => x.id)).toEqual([
      other.body.id,
      saved.body.id,
    ]);

    const [a] = await stocked(1);
    await as('/api/cart/items', { body: { sku: a!.sku, quantity: 1 } });
    const quote = await as(`/api/checkout/quote?addressId=${saved.body.id}&method=standard`);
    expect(quote.body.tax.rate).toBe('0.19');
    const order = await checkout(as, 'saved', { shippingMethod: 'standard', addressId: saved.body.id });
    expect(order.status).toBe(201);
    expect(order.body.total).toEqual(quote.body.total);
    const { id: _id, createdAt: _at, ...asShipped } = saved.body;
    expect(order.body.shippingAddress).toEqual(asShipped);

    expect((await as(`/api/addresses/${saved.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as(`/api/addresses/${saved.body.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await as(`/api/orders/${order.body.id}`)).body.shippingAddress).toEqual(asShipped);
  });

  it("never shows, uses or deletes another user's address (404), and needs a session (401)", async () => {
    const alice = await shopper();
    const bob = await shopper();
    const hers = await alice('/api/addresses', { body: BERLIN });
    expect((await bob('/api/addresses')).body.items).toEqual([]);
    expect((await bob(`/api/addresses/${hers.body.id}`, { method: 'DELETE' })).status).toBe(404);
    const [a] = await stocked(1);
    await bob('/api/cart/items', { body: { sku: a!.sku, quantity: 1 } });
    expect((await bob(`/api/checkout/quote?addressId=${hers.body.id}&method=standard`)).status).toBe(404);
    const stolen = await checkout(bob, 'steal', { shippingMethod: 'standard', addressId: hers.body.id });
    expect(stolen.status).toBe(404);
    expect((await bob('/api/orders')).body.items).toEqual([]);
    expect((await alice('/api/addresses')).body.items).toHaveLength(1);

    const guest = shopBrowser(() => shop.urls.edge);
    expect((await guest('/api/addresses')).status).toBe(401);
    expect((await guest('/api/addresses', { body: BERLIN })).status).toBe(401);
    expect((await guest('/api/checkout/quote?country=DE&method=standard')).status).toBe(401);
  });

  it(`keeps at most ${MAX_SAVED_ADDRESSES} addresses, also when ${MAX_SAVED_ADDRESSES + 10} are saved at once`, async () => {
    const as = await shopper();
    const answers = await Promise.all(
      Array.from({ length: MAX_SAVED_ADDRESSES + 10 }, (_, i) =>
        as('/api/addresses', { body: { ...BERLIN, line1: `Street ${i}` } }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(MAX_SAVED_ADDRESSES);
    expect(statuses.filter((s) => s === 409)).toHaveLength(10);
    expect((await as('/api/addresses')).body.items).toHaveLength(MAX_SAVED_ADDRESSES);
  });

  it('quotes an empty cart as 422 (nothing to ship)', async () => {
    const as = await shopper();
    const empty = await as('/api/checkout/quote?country=DE&method=standard');
    expect(empty.status).toBe(422);
    expect(empty.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
