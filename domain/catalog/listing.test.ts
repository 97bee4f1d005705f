import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availabilityOf, combinedAvailability } from './availability.js';
import { compareForSort, PRODUCT_SORTS } from './listing.js';
import type { ProductSummary } from './product.js';

const summary = fc.record({
  id: fc.stringMatching(/^prd_[0-9A-Z]{26}$/),
  price: fc.integer({ min: 0, max: 10_000_00 }),
  popularity: fc.nat(10_000),
  createdAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
});
const toSummary = (s: {
  id: string;
  price: number;
  popularity: number;
  createdAt: Date;
}): ProductSummary => ({
  id: s.id,
  slug: s.id.toLowerCase(),
  name: s.id,
  brand: 'b',
  categoryId: 'c',
  image: null,
  price: { amount: s.price, currency: 'USD' },
  availability: availabilityOf(1),
  popularity: s.popularity,
  createdAt: s.createdAt.toISOString(),
});

describe('listing order', () => {
  it('is a total order for every sort: sorting is deterministic whatever the input order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(summary, { selector: (s) => s.id, maxLength: 40 }),
        fc.constantFrom(...PRODUCT_SORTS),
        (raw, sort) => {
          const items = raw.map(toSummary);
          const once = [...items].sort(compareForSort(sort)).map((i) => i.id);
          const again = [...items]
            .reverse()
            .sort(compareForSort(sort))
            .map((i) => i.id);
          expect(again).toEqual(once);
        },
      ),
    );
  });

  it('puts what each sort promises first', () => {
    fc.assert(
      fc.property(fc.uniqueArray(summary, { selector: (s) => s.id, minLength: 2, maxLength: 40 }), (raw) => {
        const items = raw.map(toSummary);
        const first = (sort: (typeof PRODUCT_SORTS)[number]) => [...items].sort(compareForSort(sort))[0]!;
        expect(first('price_asc').price.amount).toBe(Math.min(...items.map((i) => i.price.amount)));
        expect(first('price_desc').price.amount).toBe(Math.max(...items.map((i) => i.price.amount)));
        expect(first('popularity').popularity).toBe(Math.max(...items.map((i) => i.popularity)));
        expect(first('newest').createdAt).toBe(
          items
            .map((i) => i.createdAt)
            .sort()
            .at(-1),
        );
      }),
    );
  });
});

describe('availability', () => {
  it('shows sold out at zero, low at five or fewer, in stock above', () => {
    expect(availabilityOf(0)).toEqual({ status: 'sold_out', count: 0 });
    expect(availabilityOf(-3).status).toBe('sold_out');
    expect(availabilityOf(5)).toEqual({ status: 'low', count: 5 });
    expect(availabilityOf(6).status).toBe('in_stock');
    expect(combinedAvailability([availabilityOf(0), availabilityOf(3), availabilityOf(4)])).toEqual({
      status: 'in_stock',
      count: 7,
    });
  });
});
