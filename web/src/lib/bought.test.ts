import { describe, expect, it } from 'vitest';
import type { Cart, CartLine } from '../api/types';
import { reconcile, withoutBought } from './bought';

const line = (sku: string, quantity: number, unit: number): CartLine => ({
  sku,
  productId: `prd_${sku}`,
  productSlug: sku.toLowerCase(),
  name: sku,
  quantity,
  unitPrice: { amount: unit, currency: 'USD' },
  lineTotal: { amount: unit * quantity, currency: 'USD' },
  availability: { status: 'in_stock', count: 50 },
});
const cart = (version: number, ...lines: CartLine[]): Cart => ({
  lines,
  version,
  removed: [],
  itemCount: lines.reduce((sum, l) => sum + l.quantity, 0),
  subtotal: { amount: lines.reduce((sum, l) => sum + l.lineTotal.amount, 0), currency: 'USD' },
});

describe('the cart after an order', () => {
  it('takes out exactly the bought quantities, with totals recomputed', () => {
    const before = cart(4, line('A', 2, 1999), line('B', 3, 500), line('C', 1, 120));
    const after = withoutBought(before, [
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 1 },
    ]);
    expect(after.lines.map((l) => [l.sku, l.quantity, l.lineTotal.amount])).toEqual([
      ['B', 2, 1000],
      ['C', 1, 120],
    ]);
    expect(after.itemCount).toBe(3);
    expect(after.subtotal).toEqual({ amount: 1120, currency: 'USD' });
    expect(after.version).toBe(4);
  });

  it('fixes only views that predate the order, and only for a while', () => {
    const bought = { version: 4, lines: [{ sku: 'A', quantity: 1 }], until: 10_000 };
    const stale = cart(4, line('A', 1, 1999), line('B', 1, 500));
    expect(reconcile(stale, bought, 9_000)).toMatchObject({ stale: true, cart: { itemCount: 1 } });
    // The server's fresh view (a newer version) is the truth, also with lines added since.
    const fresh = cart(5, line('A', 1, 1999), line('B', 1, 500));
    expect(reconcile(fresh, bought, 9_000)).toEqual({ cart: fresh, stale: false });
    expect(reconcile(stale, bought, 10_001)).toEqual({ cart: stale, stale: false });
    expect(reconcile(stale, null, 0)).toEqual({ cart: stale, stale: false });
  });
});
