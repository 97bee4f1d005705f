import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import type { Product } from '../../domain/catalog/product.js';
import { startImagesBucket } from '../../local/images-bucket.js';
import { demoCategories } from '../../local/seed/demo-catalog.js';
import { type AdminApp, startAdminApp } from '../support/admin-app.js';
import { freePort } from '../support/free-port.js';

interface View {
  product: Product;
  stock: { sku: string; units: number }[];
  revision: string;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${++counter}`;
const newProduct = (overrides: Record<string, unknown> = {}) => {
  const tag = unique();
  return {
    slug: `trail-jacket-${tag}`,
    name: `Trail Jacket ${tag}`,
    description: 'Keeps the rain out.',
    brand: 'Northwind',
    categoryId: demoCategories()[0]!.id,
    status: 'active',
    images: [{ url: '/assets/demo/jacket.svg', alt: 'A jacket' }],
    variants: [
      {
        sku: `TJ-${tag}-S`,
        name: 'Small',
        attributes: { size: 'S' },
        price: { amount: 12_900, currency: 'USD' },
        initialStock: 10,
      },
      {
        sku: `TJ-${tag}-M`,
        name: 'Medium',
        attributes: { size: 'M' },
        price: { amount: 13_900, currency: 'USD' },
        initialStock: 4,
      },
    ],
    ...overrides,
  };
};

/** The admin's catalog over HTTP: products, stock, images, categories, their audit rows and their refusals. */
describe('admin catalog API', () => {
  let admin: AdminApp;
  let repository: ElectroDbCatalogRepository;
  let images: Awaited<ReturnType<typeof startImagesBucket>>;
  const imagesDir = mkdtempSync(join(tmpdir(), 'shop-images-'));

  beforeAll(async () => {
    images = await startImagesBucket({ port: await freePort(), directory: imagesDir });
    admin = await startAdminApp({ env: images.env });
    repository = new ElectroDbCatalogRepository(admin.dynamo.client, admin.dynamo.tables.catalog);
    await repository.saveCategories(demoCategories());
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await images?.stop();
    rmSync(imagesDir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    admin.app.inject({
      method,
      url,
      payload: payload as object,
      headers: admin.as('catalog_manager', method !== 'GET'),
    });
  const create = async (body = newProduct()) => {
    const answer = await call('POST', '/admin/api/products', body);
    expect(answer.statusCode, answer.body).toBe(201);
    return answer.json() as View;
  };
  const auditOf = (targetId: string) =>
    admin.db.selectFrom('audit_log').selectAll().where('target_id', '=', targetId).orderBy('id').execute();
  const unitsOf = async (sku: string) =>
    (await admin.db.selectFrom('inventory').select('on_hand').where('sku', '=', sku).executeTakeFirst())
      ?.on_hand;

  it('creates a product with its opening stock in the ledger, lists it with its units, and audits it', async () => {
    const body = newProduct();
    const view = await create(body);
    expect(view.product).toMatchObject({
      slug: body.slug,
      status: 'active',
      price: { amount: 12_900, currency: 'USD' },
    });
    expect(view.stock).toEqual([
      { sku: body.variants[0]!.sku, units: 10 },
      { sku: body.variants[1]!.sku, units: 4 },
    ]);
    expect(view.revision).toMatch(/\S/);
    expect(await unitsOf(body.variants[1]!.sku)).toBe(4);

    const list = await call('GET', `/admin/api/products?q=${encodeURIComponent(body.name.toUpperCase())}`);
    expect(list.json()).toEqual({
      items: [
        {
          id: view.product.id,
          slug: body.slug,
          name: body.name,
          brand: 'Northwind',
          categoryId: body.categoryId,
          status: 'active',
          price: { amount: 12_900, currency: 'USD' },
          units: 14,
          image: body.images[0],
          updatedAt: view.product.updatedAt,
        },
      ],
      nextCursor: null,
    });
    const bySku = await call('GET', `/admin/api/products?q=${body.variants[1]!.sku.toLowerCase()}`);
    expect((bySku.json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([view.product.id]);
    expect((await call('GET', `/admin/api/products/${view.product.id}`)).json()).toEqual(view);

    const [row] = await auditOf(view.product.id);
    expect(row).toMatchObject({
      action: 'product.create',
      admin_email: 'catalog_manager@admin.local',
      before: null,
    });
    expect((row!.after as Product).slug).toBe(body.slug);
  });

  it('refuses a taken slug or SKU with a 409 naming it, and writes nothing of the refused product', async () => {
    const first = await create();
    const sameSlug = await call('POST', '/admin/api/products', newProduct({ slug: first.product.slug }));
    expect(sameSlug.statusCode).toBe(409);
    expect(sameSlug.json()).toMatchObject({ code: 'CATALOG.SLUG_TAKEN', errors: [{ path: 'body.slug' }] });

    const taken = first.product.variants[0]!.sku;
    const body = newProduct();
    body.variants[1]!.sku = taken;
    const sameSku = await call('POST', '/admin/api/products', body);
    expect(sameSku.statusCode).toBe(409);
    expect(sameSku.json()).toMatchObject({
      code: 'CATALOG.SKU_TAKEN',
      errors: [{ path: 'body.variants.1.sku', message: `${taken} is taken` }],
    });
    expect(await repository.getProductBySlug(body.slug)).toBeNull();
    expect(await unitsOf(body.variants[0]!.sku)).toBeUndefined();
    expect(await unitsOf(taken)).toBe(10);
  });

  it('edits prices on the current revision; a stale revision is a 409 that changes nothing', async () => {
    const created = await create();
    const variants = created.product.variants.map((v) => ({
      ...v,
      price: { amount: v.price.amount - 1000, currency: 'USD' },
    }));
    const edited = await call('PATCH', `/admin/api/products/${created.product.id}`, {
      revision: created.revision,
      name: 'Renamed Jacket',
      variants,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = edited.json() as View;
    expect(after.product).toMatchObject({ name: 'Renamed Jacket', price: { amount: 11_900 } });
    expect(after.revision).not.toBe(created.revision);
    // Existing SKUs keep the stock the ledger gave them.
    expect(after.product.variants[0]!.availability).toEqual(created.product.variants[0]!.availability);

    const stale = await call('PATCH', `/admin/api/products/${created.product.id}`, {
      revision: created.revision,
      name: 'Lost Update',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CATALOG.STALE_REVISION' });
    expect((await call('GET', `/admin/api/products/${created.product.id}`)).json()).toEqual(after);
    expect((await auditOf(created.product.id)).map((r) => r.action)).toEqual([
      'product.create',
      'product.update',
    ]);
  });

  it('archives a product: it leaves the storefront listing, and the archive is audited', async () => {
    const created = await create();
    const archived = await call('POST', `/admin/api/products/${created.product.id}/archive`, {
      revision: created.revision,
    });
    expect(archived.statusCode, archived.body).toBe(200);
    expect((archived.json() as View).product.status).toBe('archived');
    const storefront = await repository.listProducts({ sort: 'newest', limit: 100 });
    expect(storefront.items.map((i) => i.id)).not.toContain(created.product.id);
    const listed = await call('GET', `/admin/api/products?status=archived&q=${created.product.slug}`);
    expect((listed.json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
      created.product.id,
    ]);
    expect((await auditOf(created.product.id)).at(-1)).toMatchObject({ action: 'product.archive' });
  });

  it('20 concurrent adjustments of -1 on 10 units: exactly 10 succeed, the ledger ends at 0, the rest are 409', async () => {
    const created = await create();
    const sku = created.product.variants[0]!.sku;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', '/admin/api/stock-adjustments', { sku, delta: -1, reason: 'damaged in the warehouse' }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(10);
    expect(await unitsOf(sku)).toBe(0);
    const moves = await admin.db
      .selectFrom('inventory_movements')
      .select('delta')
      .where('sku', '=', sku)
      .where('reason', '=', 'adjustment')
      .execute();
    expect(moves).toHaveLength(10);
    const audits = (await auditOf(sku)).filter((r) => r.action === 'stock.adjust');
    expect(audits).toHaveLength(10);
    expect(audits.every((r) => r.reason === 'damaged in the warehouse')).toBe(true);
    // Projected onto the catalog at once (the relay would do it too).
    const stored = await repository.getProductById(created.product.id);
    expect(stored!.variants[0]!.availability).toEqual({ status: 'sold_out', count: 0 });
    const restock = await call('POST', '/admin/api/stock-adjustments', { sku, delta: 7, reason: 'recount' });
    expect(restock.json()).toEqual({ sku, units: 7 });
  });

  it('answers bad input with a 400 naming each field, and writes nothing', async () => {
    const before = await admin.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const cases: [string, string, unknown, string[]][] = [
      ['POST', '/admin/api/products', {}, ['body.slug', 'body.name', 'body.variants']],
      ['POST', '/admin/api/products', newProduct({ slug: 'Not A Slug' }), ['body.slug']],
      [
        'POST',
        '/admin/api/products',
        newProduct({
          variants: [{ sku: 'x y', name: 'n', attributes: {}, price: { amount: 1.5, currency: 'XXX' } }],
        }),
        ['body.variants.0.sku', 'body.variants.0.price.amount', 'body.variants.0.price.currency'],
      ],
      [
        'POST',
        '/admin/api/stock-adjustments',
        { sku: 'A-1', delta: 0, reason: 'no' },
        ['body.delta', 'body.reason'],
      ],
      ['POST', '/admin/api/stock-adjustments', { sku: 'A-1', delta: 1.5, reason: 'recount' }, ['body.delta']],
      [
        'POST',
        '/admin/api/product-images',
        { contentType: 'image/gif', bytes: 6_000_000 },
        ['body.contentType', 'body.bytes'],
      ],
      ['PATCH', '/admin/api/products/prd_nope', { revision: 'r' }, ['path.id']],
      [
        'POST',
        '/admin/api/categories',
        { slug: '-', name: '' },
        ['body.slug', 'body.name', 'body.description'],
      ],
      ['GET', '/admin/api/products?status=gone&limit=1000', undefined, ['query.status', 'query.limit']],
    ];
    for (const [method, url, body, fields] of cases) {
      const answer = await call(method as 'POST', url, body);
      expect(answer.statusCode, `${method} ${url}: ${answer.body}`).toBe(400);
      const paths = (answer.json() as { errors: { path: string }[] }).errors.map((e) => e.path);
      for (const field of fields) expect(paths, `${method} ${url}`).toContain(field);
    }
    const wrongCategory = await call(
      'POST',
      '/admin/api/products',
      newProduct({ categoryId: 'cat_00000000000000000000000000' }),
    );
    expect(wrongCategory.statusCode).toBe(400);
    expect(wrongCategory.json()).toMatchObject({ errors: [{ path: 'body.categoryId' }] });
    const unknownSku = await call('POST', '/admin/api/stock-adjustments', {
      sku: 'NO-SUCH-SKU',
      delta: 1,
      reason: 'recount',
    });
    expect(unknownSku.statusCode).toBe(404);
    const after = await admin.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after!.n).toEqual(before!.n);
  });

  it('uploads an image through the presigned URL; its url then serves exactly those bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const answer = await call('POST', '/admin/api/product-images', {
      contentType: 'image/png',
      bytes: bytes.length,
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const upload = answer.json() as {
      uploadUrl: string;
      method: 'PUT';
      headers: Record<string, string>;
      url: string;
    };
    expect(upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png' } });
    expect(upload.url).toMatch(
      new RegExp(`^${images.env.IMAGES_PUBLIC_URL}/images/products/img_\\w+\\.png$`),
    );
    // S3 refuses an upload whose type or length differ from the signed ones (s3rver does not check SigV4).
    expect(new URL(upload.uploadUrl).searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host',
    );
    const put = await fetch(upload.uploadUrl, { method: 'PUT', headers: upload.headers, body: bytes });
    expect(put.status, await put.text()).toBe(200);
    const served = await fetch(upload.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
  });

  it('creates, lists and renames categories, with audit rows', async () => {
    const slug = `rain-gear-${unique()}`;
    const created = await call('POST', '/admin/api/categories', {
      slug,
      name: 'Rain gear',
      description: 'Wet days',
    });
    expect(created.statusCode, created.body).toBe(201);
    const category = created.json() as { id: string };
    expect(
      (await call('POST', '/admin/api/categories', { slug, name: 'Again', description: '' })).statusCode,
    ).toBe(409);
    const renamed = await call('PATCH', `/admin/api/categories/${category.id}`, { name: 'Rain & wind' });
    expect(renamed.json()).toMatchObject({
      id: category.id,
      slug,
      name: 'Rain & wind',
      description: 'Wet days',
    });
    const list = (await call('GET', '/admin/api/categories')).json() as {
      items: { id: string; name: string }[];
    };
    expect(list.items.find((c) => c.id === category.id)?.name).toBe('Rain & wind');
    expect((await auditOf(category.id)).map((r) => r.action)).toEqual(['category.create', 'category.update']);
  });

  it('pages the product list with cursors: every product once', async () => {
    const brand = `Pager${unique()}`;
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push((await create(newProduct({ brand, name: `${brand} item ${i}` }))).product.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `q=${brand.toLowerCase()}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await call('GET', `/admin/api/products?${query}`)).json() as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(ids.sort());
    const bad = await call('GET', '/admin/api/products?cursor=abc.def');
    expect(bad.statusCode).toBe(400);
  });
});
