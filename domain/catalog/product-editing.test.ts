import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { archiveProduct, createProduct, editProduct } from './product-editing.js';

const input = {
  slug: 'desk-lamp',
  name: 'Desk lamp',
  description: '',
  brand: 'Lumen',
  categoryId: 'cat_1',
  status: 'active' as const,
  variants: [
    { sku: 'L-1', name: 'Black', attributes: {}, price: money(4500, 'USD'), initialStock: 3 },
    { sku: 'L-2', name: 'White', attributes: {}, price: money(3900, 'USD') },
  ],
};
const { product } = createProduct(input, 'prd_1', '2026-01-01T00:00:00.000Z');

describe('product editing', () => {
  it('derives price and availability from the variants and opens each SKU at its initial stock', () => {
    const created = createProduct(input, 'prd_1', '2026-01-01T00:00:00.000Z');
    expect(created.product).toMatchObject({
      price: { amount: 3900 },
      availability: { status: 'low', count: 3 },
    });
    expect(created.openingStock).toEqual([
      { sku: 'L-1', onHand: 3 },
      { sku: 'L-2', onHand: 0 },
    ]);
    expect(() =>
      createProduct({ ...input, variants: [input.variants[0]!, input.variants[0]!] }, 'p', ''),
    ).toThrow(
      expect.objectContaining({ fields: [{ path: 'body.variants.1.sku', message: 'L-1 appears twice' }] }),
    );
  });

  it('keeps existing SKUs and their availability, opens only new ones, and refuses dropping or restocking one', () => {
    const edited = editProduct(
      product,
      {
        variants: [
          { ...input.variants[0]!, initialStock: undefined, price: money(4000, 'USD') },
          input.variants[1]!,
          { sku: 'L-3', name: 'Red', attributes: {}, price: money(5000, 'USD'), initialStock: 2 },
        ],
      },
      '2026-01-02T00:00:00.000Z',
    );
    expect(edited.product.variants.map((v) => v.availability.count)).toEqual([3, 0, 2]);
    expect(edited.openingStock).toEqual([{ sku: 'L-3', onHand: 2 }]);
    expect(() => editProduct(product, { variants: [input.variants[1]!] }, '')).toThrow(
      expect.objectContaining({ code: 'CATALOG.BAD_VARIANTS' }),
    );
    expect(() => editProduct(product, { variants: input.variants }, '')).toThrow(
      expect.objectContaining({
        fields: [{ path: 'body.variants.0.initialStock', message: expect.any(String) }],
      }),
    );
  });

  it('archives without losing anything else', () => {
    const archived = archiveProduct(product, '2026-01-03T00:00:00.000Z');
    expect(archived).toEqual({ ...product, status: 'archived', updatedAt: '2026-01-03T00:00:00.000Z' });
  });
});
