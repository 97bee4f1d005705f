import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LruCache } from '../../adapters/cache/lru.cache.adapter.js';
import { RedisCache } from '../../adapters/cache/redis.cache.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import type { CatalogRepository } from '../../domain/catalog/catalog.repository.port.js';
import { CatalogService } from '../../domain/catalog/catalog.service.js';
import { assembleProduct } from '../../domain/catalog/product.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { type DynamoFixture, startDynalite } from '../support/dynalite.js';

/** Counts how often each repository method reaches the table. */
function counting(repository: CatalogRepository) {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(repository, {
    get(target, property: string) {
      const value = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[property] = (calls[property] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  });
  return { repository: proxy, calls };
}

describe('CatalogService', () => {
  let dynamo: DynamoFixture;
  let table: ElectroDbCatalogRepository;
  const products = [...demoProducts(60, 3)].map((p) => ({ ...p, status: 'active' as const }));

  beforeAll(async () => {
    dynamo = await startDynalite();
    table = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
    await table.saveCategories(demoCategories());
    await table.saveProducts(products);
  });
  afterAll(() => dynamo.close());

  const fresh = () => {
    const { repository, calls } = counting(table);
    const service = new CatalogService(
      repository,
      new CacheAside(new LruCache({ maxEntries: 100, maxBytes: 1e7 })),
    );
    return { service, calls };
  };

  it('loads a cold product once for 100 concurrent readers (single flight), then serves from cache', async () => {
    const { service, calls } = fresh();
    const slug = products[0]!.slug;
    const results = await Promise.all(Array.from({ length: 100 }, () => service.getProduct(slug)));
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([products[0]!.id]));
    expect(calls.getProductBySlug).toBe(1);
    await service.getProduct(slug);
    expect(calls.getProductBySlug).toBe(1);
  });

  it('shows a changed price right after the write (invalidation), in detail and in listings', async () => {
    const { service } = fresh();
    const target = products[1]!;
    const before = await service.listProducts({ sort: 'price_asc', limit: 5 });
    await service.getProduct(target.id);
    const cheaper = assembleProduct({
      ...target,
      variants: target.variants.map((v) => ({ ...v, price: { ...v.price, amount: 2 } })),
    });
    await service.saveProducts([cheaper]);
    expect((await service.getProduct(target.id)).price.amount).toBe(2);
    expect((await service.getProduct(target.slug)).price.amount).toBe(2);
    const after = await service.listProducts({ sort: 'price_asc', limit: 5 });
    expect(after.items[0]!.id).toBe(target.id);
    expect(after.items).not.toEqual(before.items);
  });

  it('keeps answering from the table when the cache is down', async () => {
    const redis = new RedisCache({
      url: 'redis://127.0.0.1:1',
      timeoutMs: 50,
      cooldownMs: 1000,
      keyPrefix: 't:',
    });
    const service = new CatalogService(table, new CacheAside(redis));
    try {
      expect((await service.getProduct(products[2]!.slug)).id).toBe(products[2]!.id);
      expect((await service.listProducts({ sort: 'newest', limit: 3 })).items).toHaveLength(3);
    } finally {
      await redis.close();
    }
  });

  it('answers 404-kind errors for unknown products, drafts and unknown categories', async () => {
    const { service } = fresh();
    await expect(service.getProduct('no-such-product')).rejects.toMatchObject({
      code: 'CATALOG.PRODUCT_NOT_FOUND',
      kind: 'not_found',
    });
    await expect(
      service.listProducts({ categoryId: 'no-such-category', sort: 'newest', limit: 3 }),
    ).rejects.toMatchObject({
      code: 'CATALOG.CATEGORY_NOT_FOUND',
    });
    const draft = { ...products[4]!, status: 'draft' as const };
    await table.saveProducts([draft]);
    await expect(service.getProduct(draft.id)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('accepts a category by slug or id', async () => {
    const { service } = fresh();
    const category = demoCategories()[5]!;
    const bySlug = await service.listProducts({ categoryId: category.slug, sort: 'newest', limit: 3 });
    const byId = await service.listProducts({ categoryId: category.id, sort: 'newest', limit: 3 });
    expect(bySlug.items.length).toBeGreaterThan(0);
    expect(bySlug.items.every((item) => item.categoryId === category.id)).toBe(true);
    expect(byId.items).toEqual(bySlug.items);
  });
});
