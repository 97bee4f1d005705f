import { describe, expect, it } from 'vitest';
import { assembleProduct, type Category, type Product, type ProductStatus } from '../catalog/product.js';
import {
  type CatalogChange,
  type CategoryLookup,
  indexCatalogChanges,
} from './index-catalog-changes.use-case.js';
import type { SearchDocument } from './search.js';

const shoes: Category = { id: 'cat_shoes', slug: 'shoes', name: 'Shoes', description: '' };
const hats: Category = { id: 'cat_hats', slug: 'hats', name: 'Hats', description: '' };

function product(id: string, options: { status?: ProductStatus; price?: number; category?: string } = {}) {
  return assembleProduct({
    id,
    slug: `product-${id.toLowerCase().replace(/_/g, '-')}`,
    name: `Product ${id}`,
    description: 'A thing',
    brand: 'Acme',
    categoryId: options.category ?? shoes.id,
    images: [],
    attributes: {},
    status: options.status ?? 'active',
    variants: [
      {
        sku: `${id}-1`,
        name: 'One',
        attributes: {},
        price: { amount: options.price ?? 1000, currency: 'USD' },
        availability: { status: 'in_stock', count: 5 },
      },
    ],
    popularity: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  });
}

const change = (productId: string, p: Product | null): CatalogChange => ({ productId, product: p });

/** A search index that records each call and can be told to fail one kind of call. */
function recordingIndex(fail: { upsert?: boolean; remove?: boolean } = {}) {
  const calls: ({ upsert: SearchDocument[] } | { remove: string[] })[] = [];
  return {
    calls,
    upsert: async (documents: readonly SearchDocument[]) => {
      calls.push({ upsert: [...documents] });
      if (fail.upsert) throw new Error('engine refused the bulk write');
    },
    remove: async (ids: readonly string[]) => {
      calls.push({ remove: [...ids] });
      if (fail.remove) throw new Error('engine refused the delete');
    },
  };
}

function categoryLookup(fail = false) {
  const asked: string[][] = [];
  const lookup: CategoryLookup = async (ids) => {
    asked.push([...ids]);
    if (fail) throw new Error('categories unreadable');
    return new Map([shoes, hats].filter((c) => ids.includes(c.id)).map((c) => [c.id, c]));
  };
  return { asked, lookup };
}

describe('indexCatalogChanges', () => {
  it('writes active products in one upsert and removes deleted, archived and draft ones in one remove', async () => {
    const index = recordingIndex();
    const categories = categoryLookup();
    const result = await indexCatalogChanges(
      [
        change('prd_A', product('prd_A', { price: 2599 })),
        change('prd_B', product('prd_B', { category: hats.id })),
        change('prd_C', null),
        change('prd_D', product('prd_D', { status: 'archived' })),
        change('prd_E', product('prd_E', { status: 'draft' })),
      ],
      { index, categories: categories.lookup },
    );

    expect(index.calls).toHaveLength(2);
    const upsert = index.calls.find((call) => 'upsert' in call) as { upsert: SearchDocument[] };
    expect(upsert.upsert.map((d) => [d.id, d.categoryName, d.price.amount])).toEqual([
      ['prd_A', 'Shoes', 2599],
      ['prd_B', 'Hats', 1000],
    ]);
    expect(index.calls).toContainEqual({ remove: ['prd_C', 'prd_D', 'prd_E'] });
    expect(categories.asked).toEqual([[shoes.id, hats.id]]);
    expect(result).toMatchObject({
      failed: [],
      upserted: ['prd_A', 'prd_B'],
      removed: ['prd_C', 'prd_D', 'prd_E'],
    });
  });

  it("applies only each product's last change, in the order given", async () => {
    const index = recordingIndex();
    await indexCatalogChanges(
      [
        change('prd_A', product('prd_A', { price: 100 })),
        change('prd_A', product('prd_A', { price: 200 })),
        change('prd_B', product('prd_B')),
        change('prd_B', null),
        change('prd_C', null),
        change('prd_C', product('prd_C')),
      ],
      { index, categories: categoryLookup().lookup },
    );
    expect(index.calls).toHaveLength(2);
    const upsert = index.calls.find((call) => 'upsert' in call) as { upsert: SearchDocument[] };
    expect(upsert.upsert.map((d) => [d.id, d.price.amount])).toEqual([
      ['prd_A', 200],
      ['prd_C', 1000],
    ]);
    expect(index.calls).toContainEqual({ remove: ['prd_B'] });
  });

  it('makes no call for an empty batch, and no lookup when nothing is written', async () => {
    const index = recordingIndex();
    const categories = categoryLookup();
    expect(await indexCatalogChanges([], { index, categories: categories.lookup })).toMatchObject({
      failed: [],
    });
    await indexCatalogChanges([change('prd_A', null)], { index, categories: categories.lookup });
    expect(index.calls).toEqual([{ remove: ['prd_A'] }]);
    expect(categories.asked).toEqual([]);
  });

  it('indexes a product of an unknown category with an empty category name', async () => {
    const index = recordingIndex();
    await indexCatalogChanges([change('prd_A', product('prd_A', { category: 'cat_gone' }))], {
      index,
      categories: categoryLookup().lookup,
    });
    expect(index.calls).toEqual([{ upsert: [expect.objectContaining({ id: 'prd_A', categoryName: '' })] }]);
  });

  it('fails exactly the changes a failed upsert carried (superseded ones too); removals still count', async () => {
    const index = recordingIndex({ upsert: true });
    const first = change('prd_A', product('prd_A', { price: 100 }));
    const second = change('prd_A', product('prd_A', { price: 200 }));
    const other = change('prd_B', product('prd_B'));
    const deleted = change('prd_C', null);
    const result = await indexCatalogChanges([first, deleted, second, other], {
      index,
      categories: categoryLookup().lookup,
    });
    expect(result.failed).toEqual([first, second, other]);
    expect(result.failed[0]).toBe(first);
    expect(result.removed).toEqual(['prd_C']);
    expect(result.upserted).toEqual([]);
    expect(result.errors).toEqual([new Error('engine refused the bulk write')]);
  });

  it('fails exactly the removals when the remove fails', async () => {
    const index = recordingIndex({ remove: true });
    const deleted = change('prd_C', null);
    const archived = change('prd_D', product('prd_D', { status: 'archived' }));
    const result = await indexCatalogChanges([change('prd_A', product('prd_A')), deleted, archived], {
      index,
      categories: categoryLookup().lookup,
    });
    expect(result.failed).toEqual([deleted, archived]);
    expect(result.upserted).toEqual(['prd_A']);
  });

  it('fails the writes, not the removals, when the categories cannot be read (no document without its category)', async () => {
    const index = recordingIndex();
    const written = change('prd_A', product('prd_A'));
    const result = await indexCatalogChanges([written, change('prd_C', null)], {
      index,
      categories: categoryLookup(true).lookup,
    });
    expect(result.failed).toEqual([written]);
    expect(index.calls).toEqual([{ remove: ['prd_C'] }]);
  });
});
