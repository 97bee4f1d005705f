import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElectroDbCartRepository } from '../../adapters/dynamodb/carts.electrodb.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { CartService } from '../../domain/cart/cart.service.js';
import { demoProducts } from '../../local/seed/demo-catalog.js';
import { type DynamoFixture, startDynalite } from '../support/dynalite.js';

describe('CartService on DynamoDB', () => {
  let dynamo: DynamoFixture;
  let carts: CartService;
  const products = [...demoProducts(12, 21)].map((p) => ({ ...p, status: 'active' as const }));
  const skus = products.flatMap((p) => p.variants.map((v) => v.sku)).slice(0, 20);

  beforeAll(async () => {
    dynamo = await startDynalite();
    const catalog = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
    await catalog.saveProducts(products);
    // Two "tabs": separate services and caches over the same table, like two tasks behind the ALB.
    carts = new CartService(new ElectroDbCartRepository(dynamo.client, dynamo.tables.carts), catalog);
  });
  afterAll(() => dynamo.close());

  it('keeps both changes when two tabs update one cart at once', async () => {
    const owner = 'usr_01JTWOTABS000000000000000000';
    await Promise.all([carts.add(owner, skus[0]!, 1), carts.add(owner, skus[1]!, 1)]);
    expect((await carts.view(owner)).lines.map((l) => l.sku).sort()).toEqual([skus[0], skus[1]].sort());
  });

  it('loses no update when 20 changes race: each one is applied, or answered 409 CART.BUSY and not applied', async () => {
    const owner = 'usr_01JTABS00000000000000000000';
    const outcomes = await Promise.allSettled(skus.map((sku) => carts.add(owner, sku, 2)));
    const applied = skus.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ code: 'CART.BUSY', kind: 'conflict' });
    }
    const view = await carts.view(owner);
    expect(view.lines.map((l) => l.sku).sort()).toEqual([...applied].sort());
    expect(view.version).toBe(applied.length);
    expect(applied.length).toBeGreaterThan(10);
  });

  it('prices lines from the catalog and totals them in minor units', async () => {
    const owner = 'usr_01JPRICE0000000000000000000';
    await carts.add(owner, skus[0]!, 3);
    const view = await carts.view(owner);
    const price = products.flatMap((p) => p.variants).find((v) => v.sku === skus[0])!.price;
    expect(view.lines[0]).toMatchObject({
      quantity: 3,
      unitPrice: price,
      lineTotal: { amount: price.amount * 3, currency: price.currency },
    });
    expect(view.subtotal).toEqual({ amount: price.amount * 3, currency: price.currency });
  });
});
