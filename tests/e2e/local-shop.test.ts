import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productPageSchema, productSchema } from '../../adapters/http/contract/catalog.schemas.js';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { signInToLocalAdmin } from '../support/admin-app.js';
import { localShopConfig } from '../support/local-shop-config.js';

/** The whole local stack, over HTTP: edge -> serverless-offline -> Lambda handlers -> dynalite. */
describe('local shop over HTTP (edge + serverless-offline)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-'));
  let shop: LocalShop;
  let config: Awaited<ReturnType<typeof localShopConfig>>;

  beforeAll(async () => {
    config = await localShopConfig(dataDir, 120, { DEMO_HISTORY_ORDERS: '300' });
    shop = await startLocalShop({ config, quiet: true });
  }, 180_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${shop.urls.edge}${path}`, { headers });

  it('pages through products with a cursor, no overlap', async () => {
    const first = productPageSchema.parse(await (await get('/api/products?limit=5')).json());
    expect(first.items).toHaveLength(5);
    const second = productPageSchema.parse(
      await (await get(`/api/products?limit=5&cursor=${encodeURIComponent(first.nextCursor!)}`)).json(),
    );
    expect(second.items).toHaveLength(5);
    const ids = new Set([...first.items, ...second.items].map((item) => item.id));
    expect(ids.size).toBe(10);
  });

  it('serves one product by slug with cache headers and the edge security headers', async () => {
    const page = productPageSchema.parse(await (await get('/api/products?limit=1')).json());
    const response = await get(`/api/products/${page.items[0]!.slug}`);
    expect(response.status).toBe(200);
    expect(productSchema.parse(await response.json()).id).toBe(page.items[0]!.id);
    expect(response.headers.get('etag')).toBeTruthy();
    expect(response.headers.get('cache-control')).toMatch(/max-age/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await get(`/api/products/${page.items[0]!.slug}`, {
      'if-none-match': response.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
  });

  it('answers bad input with 400 problem+json and unknown products with 404', async () => {
    const bad = await get('/api/products?limit=1000');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(await bad.json()).toMatchObject({ status: 400, detail: 'query.limit: must be at most 100' });
    const missing = await get('/api/products/no-such-thing');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: string }).detail).toMatch(/no product/);
  });

  it('routes /api/categories to the Lambda and other paths to the storefront', async () => {
    const categories = (await (await get('/api/categories')).json()) as { items: unknown[] };
    expect(categories.items.length).toBeGreaterThanOrEqual(20);
    const page = await get('/products/some-client-route');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('runs the admin with a demo admin per role who signs in with the TOTP code, over a demo sales history', async () => {
    const { cookie } = await signInToLocalAdmin(shop, 'owner');
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    const sales = await fetch(`${shop.urls.admin}/admin/api/analytics/sales?from=${from}&to=${today}`, {
      headers: { cookie },
    });
    const report = (await sales.json()) as { readsFrom: string; totals: { orders: number } };
    expect(report.readsFrom).toBe('primary');
    // The history is written once, on the first start: DEMO_HISTORY_ORDERS (300 here), a few of them failed.
    expect(report.totals.orders).toBeGreaterThan(250);
    expect(report.totals.orders).toBeLessThanOrEqual(300);
  });

  it('reuses its data on a second start', async () => {
    const before = await (await get('/api/products?limit=3&sort=price_asc')).json();
    await shop.stop();
    const lines: string[] = [];
    shop = await startLocalShop({ config, log: (line) => lines.push(line) });
    expect(lines.join('\n')).toMatch(/reusing 120 products/);
    expect(await (await get('/api/products?limit=3&sort=price_asc')).json()).toEqual(before);
  }, 120_000);
});
