import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import {
  quoteShipping,
  SHIPPING_COUNTRIES,
  SHIPPING_GROUP_OF,
  SHIPPING_GROUPS,
  SHIPPING_METHODS,
  SHIPPING_RATES,
  type ShippingCountry,
} from './shipping.js';

const usd = (amount: number) => money(amount, 'USD');
const country = fc.constantFrom(...SHIPPING_COUNTRIES);
const method = fc.constantFrom(...SHIPPING_METHODS);
const subtotal = fc.integer({ min: 0, max: 1_000_000_000 });

describe('shipping', () => {
  it('puts every country the shop ships to in exactly one group, and every group has prices', () => {
    expect(Object.keys(SHIPPING_GROUP_OF).sort()).toEqual([...SHIPPING_COUNTRIES].sort());
    expect(new Set(Object.values(SHIPPING_GROUP_OF))).toEqual(new Set(SHIPPING_GROUPS));
    for (const group of SHIPPING_GROUPS) {
      const rates = SHIPPING_RATES[group];
      for (const m of SHIPPING_METHODS) expect(Number.isSafeInteger(rates.prices[m])).toBe(true);
      expect(rates.prices.express).toBeGreaterThan(rates.prices.standard);
    }
    expect(SHIPPING_GROUP_OF.US).toBe('domestic');
    expect(
      ['GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'SE'].map((c) => SHIPPING_GROUP_OF[c as ShippingCountry]),
    ).toEqual(Array(7).fill('europe'));
  });

  it('quotes the table: US standard $5.99 below $50, free from $50; DE express $29.99 at any subtotal', () => {
    expect(quoteShipping(usd(4_999), 'US', 'standard')).toEqual({
      method: 'standard',
      amount: usd(599),
      free: false,
    });
    expect(quoteShipping(usd(5_000), 'US', 'standard')).toEqual({
      method: 'standard',
      amount: usd(0),
      free: true,
    });
    expect(quoteShipping(usd(5_000), 'US', 'express')).toEqual({
      method: 'express',
      amount: usd(1_499),
      free: false,
    });
    expect(quoteShipping(usd(1_000_000), 'DE', 'express').amount).toEqual(usd(2_999));
    expect(quoteShipping(usd(0), 'JP', 'standard').amount).toEqual(usd(1_999));
  });

  it('makes standard shipping free exactly at the threshold, never a minor unit below, and express never', () => {
    fc.assert(
      fc.property(country, (c) => {
        const { freeStandardFrom, prices } = SHIPPING_RATES[SHIPPING_GROUP_OF[c]];
        expect(quoteShipping(usd(freeStandardFrom), c, 'standard')).toMatchObject({
          amount: usd(0),
          free: true,
        });
        expect(quoteShipping(usd(freeStandardFrom - 1), c, 'standard')).toMatchObject({
          amount: usd(prices.standard),
          free: false,
        });
        expect(quoteShipping(usd(freeStandardFrom), c, 'express')).toMatchObject({
          amount: usd(prices.express),
          free: false,
        });
      }),
    );
  });

  it('is a price from the table or zero, in integer minor units, never negative, and monotone in the subtotal', () => {
    fc.assert(
      fc.property(country, method, subtotal, subtotal, (c, m, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const quoted = quoteShipping(usd(low), c, m);
        expect(Number.isSafeInteger(quoted.amount.amount)).toBe(true);
        expect([0, SHIPPING_RATES[SHIPPING_GROUP_OF[c]].prices[m]]).toContain(quoted.amount.amount);
        expect(quoted.free).toBe(quoted.amount.amount === 0);
        expect(quoteShipping(usd(high), c, m).amount.amount).toBeLessThanOrEqual(quoted.amount.amount);
      }),
    );
  });

  it('refuses countries it does not ship to, unknown methods, other currencies and negative subtotals', () => {
    expect(() => quoteShipping(usd(1), 'BR' as ShippingCountry, 'standard')).toThrow(/does not ship to BR/);
    expect(() => quoteShipping(usd(1), 'de' as ShippingCountry, 'standard')).toThrow(/does not ship to de/);
    expect(() => quoteShipping(usd(1), 'US', 'overnight' as 'express')).toThrow(/no shipping method/);
    expect(() => quoteShipping(money(1, 'EUR'), 'DE', 'standard')).toThrow(/USD/);
    expect(() => quoteShipping(usd(-1), 'US', 'standard')).toThrow(/negative/);
  });
});
