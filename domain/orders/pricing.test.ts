import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { priceOrder } from './pricing.js';
import { SHIPPING_COUNTRIES, SHIPPING_GROUP_OF, SHIPPING_METHODS, SHIPPING_RATES } from './shipping.js';
import { TAX_RATES } from './tax.js';

const usd = (amount: number) => money(amount, 'USD');
const country = fc.constantFrom(...SHIPPING_COUNTRIES);
const method = fc.constantFrom(...SHIPPING_METHODS);

describe('an order total', () => {
  it('is always subtotal + shipping + tax, in non-negative integer minor units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), country, method, (subtotal, c, m) => {
        const price = priceOrder(usd(subtotal), c, m);
        const parts = [price.subtotal, price.shipping.amount, price.tax.amount, price.total];
        for (const part of parts) {
          expect(Number.isSafeInteger(part.amount)).toBe(true);
          expect(part.amount).toBeGreaterThanOrEqual(0);
          expect(part.currency).toBe('USD');
        }
        expect(price.subtotal).toEqual(usd(subtotal));
        expect(price.total.amount).toBe(subtotal + price.shipping.amount.amount + price.tax.amount.amount);
        expect(price.shipping.method).toBe(m);
        expect(price.tax.rate).toBe(TAX_RATES[c]);
      }),
    );
  });

  it('gets free standard shipping exactly at the threshold, and the tax follows the shipping', () => {
    fc.assert(
      fc.property(country, (c) => {
        const { freeStandardFrom, prices } = SHIPPING_RATES[SHIPPING_GROUP_OF[c]];
        const at = priceOrder(usd(freeStandardFrom), c, 'standard');
        const below = priceOrder(usd(freeStandardFrom - 1), c, 'standard');
        expect(at.shipping).toMatchObject({ amount: usd(0), free: true });
        expect(below.shipping).toMatchObject({ amount: usd(prices.standard), free: false });
        expect(at.total.amount).toBe(freeStandardFrom + at.tax.amount.amount);
      }),
    );
  });

  it('prices the contract examples', () => {
    expect(priceOrder(usd(2_000), 'US', 'standard')).toEqual({
      subtotal: usd(2_000),
      shipping: { method: 'standard', amount: usd(599), free: false },
      tax: { rate: '0', amount: usd(0) },
      total: usd(2_599),
    });
    expect(priceOrder(usd(10_000), 'DE', 'express')).toEqual({
      subtotal: usd(10_000),
      shipping: { method: 'express', amount: usd(2_999), free: false },
      tax: { rate: '0.19', amount: usd(2_470) },
      total: usd(15_469),
    });
  });
});
