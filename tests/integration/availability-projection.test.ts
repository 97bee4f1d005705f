import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LruCache } from '../../adapters/cache/lru.cache.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { applyStock, type StockCounts } from '../../domain/catalog/apply-stock.use-case.js';
import { CatalogService } from '../../domain/catalog/catalog.service.js';
import type { Product } from '../../domain/catalog/product.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { type DynamoFixture, startDynalite } from '../support/dynalite.js';

/** A stock ledger whose counts the test moves, optionally holding every read until released. */
function ledger(initial: Map<string, number>) {
  const counts = new Map(initial);
  let gate: Promise<void> | null = null;
  let open = () => {};
  let reads = 0;
  const source: StockCounts = {
    onHand: async (skus) => {
      reads++;
      if (gate) await gate;
      return new Map(skus.filter((sku) => counts.has(sku)).map((sku) => [sku, counts.get(sku)!]));
    },
  };
  return {
    source,
    counts,
    reads: () => reads,
    hold: () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = null;
      open();
    },
  };
}

describe('availability projection (stock ledger -> catalog)', () => {
  let dynamo: DynamoFixture;
  let repository: ElectroDbCatalogRepository;
  const products = [...demoProducts(12, 5)].map((p) => ({ ...p, status: 'active' as const }));
  const catalog = () =>
    new CatalogService(repository, new CacheAside(new LruCache({ maxEntries: 100, maxBytes: 1e7 })));
  const counts = (product: Product) => new Map(product.variants.map((v) => [v.sku, v.availability.count]));

  beforeAll(async () => {
    dynamo = await startDynalite();
    repository = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
    await repository.saveCategories(demoCategories());
    await repository.saveProducts(products);
  });
  afterAll(() => dynamo.close());

  it('never loses a catalog edit that lands while the projection is between its read and its write', async () => {
    const product = products[0]!;
    const stock = ledger(counts(product));
    const sku = product.variants[0]!.sku;
    stock.counts.set(sku, 1);
    stock.hold();
    const projecting = applyStock([sku], stock.source, repository, catalog());
    while (stock.reads() === 0) await new Promise((r) => setTimeout(r, 5));
    await repository.saveProducts([{ ...product, name: 'Renamed while stock moved' }]);
    stock.release();
    await projecting;
    const stored = (await repository.getProductById(product.id))!;
    expect(stored.name).toBe('Renamed while stock moved');
    expect(stored.variants[0]!.availability).toEqual({ status: 'low', count: 1 });
    expect((await repository.getSkus([sku])).get(sku)!.availability.count).toBe(1);
  });

  it("ends on the ledger's latest counts when many relays race over the same product", async () => {
    const product = products[1]!;
    const stock = ledger(counts(product));
    const sku = product.variants[0]!.sku;
    const racing: Promise<number>[] = [];
    for (let left = 40; left >= 0; left -= 2) {
      stock.counts.set(sku, left);
      racing.push(applyStock([sku], stock.source, repository, catalog()));
      await new Promise((r) => setTimeout(r, Math.random() * 3));
    }
    await Promise.all(racing);
    const stored = (await repository.getProductById(product.id))!;
    expect(stored.variants[0]!.availability).toEqual({ status: 'sold_out', count: 0 });
  });

  it('drops only the moved product from the cache: listing pages stay cached through a sale', async () => {
    const product = products[2]!;
    const service = catalog();
    let listReads = 0;
    const original = repository.listProducts.bind(repository);
    repository.listProducts = async (query) => {
      listReads++;
      return original(query);
    };
    try {
      await service.listProducts({ sort: 'newest', limit: 24 });
      await service.getProduct(product.slug);
      const stock = ledger(counts(product));
      stock.counts.set(product.variants[0]!.sku, 0);
      await applyStock([product.variants[0]!.sku], stock.source, repository, service);
      await service.listProducts({ sort: 'newest', limit: 24 });
      expect(listReads).toBe(1);
      expect((await service.getProduct(product.slug)).variants[0]!.availability.status).toBe('sold_out');
    } finally {
      repository.listProducts = original;
    }
  });
});
