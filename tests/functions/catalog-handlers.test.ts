import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import {
  categoryListSchema,
  productPageSchema,
  productSchema,
} from '../../adapters/http/contract/catalog.schemas.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { apiGatewayEvent } from '../support/api-gateway.js';
import { type DynamoFixture, startDynalite } from '../support/dynalite.js';

type Handler = (
  event: ReturnType<typeof apiGatewayEvent>,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

let dynamo: DynamoFixture;
let listProducts: Handler;
let getProduct: Handler;
let listCategories: Handler;
let openapi: Handler;
const products = [...demoProducts(120, 5)];
const active = products.filter((p) => p.status === 'active');
const categories = demoCategories();
const context = { getRemainingTimeInMillis: () => 10_000 } as Context;

beforeAll(async () => {
  dynamo = await startDynalite();
  const repository = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
  await repository.saveCategories(categories);
  await repository.saveProducts(products);
  process.env.CATALOG_TABLE = dynamo.tables.catalog;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.LOG_LEVEL = 'warn';
  delete process.env.REDIS_URL;
  ({ handler: listProducts } = (await import('../../functions/list-products.js')) as unknown as {
    handler: Handler;
  });
  ({ handler: getProduct } = (await import('../../functions/get-product.js')) as unknown as {
    handler: Handler;
  });
  ({ handler: listCategories } = (await import('../../functions/list-categories.js')) as unknown as {
    handler: Handler;
  });
  ({ handler: openapi } = (await import('../../functions/openapi.js')) as unknown as { handler: Handler });
});
afterAll(() => dynamo.close());

const list = (query: string, headers?: Record<string, string>) =>
  listProducts(apiGatewayEvent({ path: `/api/products${query}`, headers }), context);
const product = (idOrSlug: string, headers?: Record<string, string>) =>
  getProduct(
    apiGatewayEvent({ path: `/api/products/${idOrSlug}`, pathParameters: { idOrSlug }, headers }),
    context,
  );
const json = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body ?? '');

function expectProblem(response: APIGatewayProxyStructuredResultV2, status: number, pattern: RegExp) {
  expect(response.statusCode).toBe(status);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  const problem = json(response);
  expect(problem).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  expect(problem.detail).toMatch(pattern);
  expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
  return problem;
}

describe('GET /api/products', () => {
  it('pages with a cursor, without overlap, in the order asked', async () => {
    const first = await list('?limit=5&sort=price_asc');
    expect(first.statusCode).toBe(200);
    const page1 = productPageSchema.parse(json(first));
    expect(page1.items).toHaveLength(5);
    const second = productPageSchema.parse(
      json(await list(`?limit=5&sort=price_asc&cursor=${encodeURIComponent(page1.nextCursor!)}`)),
    );
    expect(second.items).toHaveLength(5);
    const ids = [...page1.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(10);
    const prices = [...page1.items, ...second.items].map((i) => i.price.amount);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('defaults to 24 newest products and filters by category slug', async () => {
    const page = productPageSchema.parse(json(await list('')));
    expect(page.items).toHaveLength(24);
    const category = categories[3]!;
    const filtered = productPageSchema.parse(json(await list(`?category=${category.slug}&limit=100`)));
    expect(filtered.items.map((i) => i.id).sort()).toEqual(
      active
        .filter((p) => p.categoryId === category.id)
        .map((p) => p.id)
        .sort(),
    );
  });

  it('sends an ETag and Cache-Control, and 304 when the client has that version', async () => {
    const response = await list('?limit=3');
    expect(response.headers?.['cache-control']).toMatch(/public, max-age=\d+/);
    const etag = response.headers?.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await list('?limit=3', { 'if-none-match': `W/${etag}` });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await list('?limit=4', { 'if-none-match': etag })).statusCode).toBe(200);
  });

  it.each([
    ['?limit=1000', /limit: must be at most 100/],
    ['?limit=0', /limit: must be at least 1/],
    ['?limit=abc', /limit: must be a whole number/],
    ['?limit=-5', /limit: must be a whole number/],
    ['?sort=cheapest', /sort: must be one of newest, price_asc, price_desc, popularity/],
    ['?cursor=garbage', /cursor is malformed/],
    ['?category=../../etc', /category: must be a category slug or id/],
  ])('answers 400 problem+json for %s', async (query, detail) => {
    const problem = expectProblem(await list(query), 400, detail);
    expect(problem.requestId).toEqual(expect.any(String));
  });

  it('answers 400 for a cursor that was edited or belongs to another listing', async () => {
    const { nextCursor } = json(await list('?limit=2'));
    expectProblem(
      await list(`?limit=2&sort=popularity&cursor=${encodeURIComponent(nextCursor)}`),
      400,
      /cursor/,
    );
    const edited = nextCursor.replace(/.(?=\.)/, (c: string) => (c === 'A' ? 'B' : 'A'));
    expectProblem(await list(`?limit=2&cursor=${encodeURIComponent(edited)}`), 400, /cursor/);
  });

  it('answers 404 for an unknown category', async () => {
    expectProblem(await list('?category=time-machines'), 404, /no category "time-machines"/);
  });
});

describe('GET /api/products/{idOrSlug}', () => {
  it('finds a product by slug and by id, with its SKUs', async () => {
    const target = active[7]!;
    const bySlug = productSchema.parse(json(await product(target.slug)));
    expect(bySlug.id).toBe(target.id);
    expect(bySlug.variants.map((v) => v.sku)).toEqual(target.variants.map((v) => v.sku));
    expect(json(await product(target.id))).toEqual(json(await product(target.slug)));
  });

  it('answers 404 for unknown and draft products, 304 for a known version', async () => {
    expectProblem(await product('no-such-product'), 404, /no product "no-such-product"/);
    const draft = products.find((p) => p.status === 'draft')!;
    expectProblem(await product(draft.slug), 404, /no product/);
    const response = await product(active[0]!.slug);
    expect(
      (await product(active[0]!.slug, { 'if-none-match': response.headers?.etag as string })).statusCode,
    ).toBe(304);
  });
});

describe('GET /api/categories and /api/openapi.json', () => {
  it('lists every category', async () => {
    const body = categoryListSchema.parse(
      json(await listCategories(apiGatewayEvent({ path: '/api/categories' }), context)),
    );
    expect(body.items).toHaveLength(categories.length);
  });

  it('describes every public route, with the parameters and headers it validates', async () => {
    const doc = json(await openapi(apiGatewayEvent({ path: '/api/openapi.json' }), context));
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/products',
        '/api/products/{idOrSlug}',
        '/api/categories',
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/me',
        '/api/cart',
        '/api/cart/items',
        '/api/cart/items/{sku}',
        '/api/addresses',
        '/api/addresses/{id}',
        '/api/checkout',
        '/api/checkout/quote',
        '/api/orders',
        '/api/orders/{id}',
        '/api/events',
        '/api/search',
        '/api/search/suggest',
        '/api/openapi.json',
      ].sort(),
    );
    const limit = doc.paths['/api/products'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false });
    const checkout = doc.paths['/api/checkout'].post;
    expect(checkout.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
    expect(checkout.requestBody.content['application/json'].schema.required).toEqual([
      'paymentToken',
      'shippingMethod',
    ]);
    expect(Object.keys(checkout.responses)).toEqual(expect.arrayContaining(['201', '402', '409']));
  });
});

describe('unexpected failures', () => {
  it('answers 503 with Retry-After, a request id and no internals when DynamoDB is unreachable', async () => {
    await dynamo.close();
    const failing = await product('definitely-not-cached-slug');
    const problem = expectProblem(failing, 503, /./);
    expect(failing.headers?.['retry-after']).toBe('1');
    expect(failing.body).not.toMatch(/ECONNREFUSED|dynalite|127\.0\.0\.1/);
    expect(problem.requestId).toBe(failing.headers?.['x-request-id']);
    dynamo = await startDynalite();
  });
});
