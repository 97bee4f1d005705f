import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import { SHIPPING_COUNTRIES } from './shipping.js';
import { applyRate, normalizeRate, quoteTax, TAX_RATES, taxRateFor } from './tax.js';

const usd = (amount: number) => money(amount, 'USD');
/** A rate from 0 to 1 with up to six decimals, as text and as an exact fraction n / 10^d. */
const rate = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.nat()).map(([decimals, raw]) => {
  const scale = 10 ** decimals;
  const n = raw % (scale + 1);
  const text =
    decimals === 0 ? String(n) : `${Math.floor(n / scale)}.${String(n % scale).padStart(decimals, '0')}`;
  return { text, n: BigInt(n), scale: BigInt(scale) };
});
const base = fc.integer({ min: 0, max: 1_000_000_000_000 });

describe('tax', () => {
  it('has a canonical decimal rate for every country the shop ships to', () => {
    expect(Object.keys(TAX_RATES).sort()).toEqual([...SHIPPING_COUNTRIES].sort());
    for (const country of SHIPPING_COUNTRIES) expect(taxRateFor(country)).toBe(TAX_RATES[country]);
    expect(taxRateFor('DE')).toBe('0.19');
    expect(taxRateFor('US')).toBe('0');
  });

  it('rounds half-up to the minor unit, exactly at the boundary', () => {
    expect(applyRate(usd(50), '0.19')).toEqual(usd(10)); // 9.5 -> 10
    expect(applyRate(usd(49), '0.19')).toEqual(usd(9)); // 9.31 -> 9
    expect(applyRate(usd(150), '0.19')).toEqual(usd(29)); // 28.5 -> 29
    expect(applyRate(usd(1), '0.5')).toEqual(usd(1)); // 0.5 -> 1
    expect(applyRate(usd(1), '0.499999')).toEqual(usd(0));
    expect(applyRate(usd(3), '0.166667')).toEqual(usd(1)); // 0.500001 -> 1
    expect(applyRate(usd(10_000_001), '0.05')).toEqual(usd(500_000)); // 500000.05 -> 500000
    // A float would say 0.07 * 50 = 3.5000000000000004, and 1.005 * 100 = 100.49999999999999.
    expect(applyRate(usd(50), '0.07')).toEqual(usd(4));
    expect(applyRate(usd(100_500), '0.01')).toEqual(usd(1_005));
  });

  it('is base x rate rounded half-up, for any base and rate: |tax - base x rate| <= 1/2, ties up', () => {
    fc.assert(
      fc.property(base, rate, (amount, r) => {
        const tax = BigInt(applyRate(usd(amount), r.text).amount);
        // 2 * tax * 10^d - 10^d <= 2 * base * n < 2 * tax * 10^d + 10^d
        const twice = 2n * BigInt(amount) * r.n;
        expect(twice >= 2n * tax * r.scale - r.scale).toBe(true);
        expect(twice < 2n * tax * r.scale + r.scale).toBe(true);
      }),
    );
  });

  it('is an integer, never negative, never above the base, and grows with the base', () => {
    fc.assert(
      fc.property(base, base, rate, (a, b, r) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const taxLow = applyRate(usd(low), r.text).amount;
        expect(Number.isSafeInteger(taxLow)).toBe(true);
        expect(taxLow).toBeGreaterThanOrEqual(0);
        expect(taxLow).toBeLessThanOrEqual(low);
        expect(applyRate(usd(high), r.text).amount).toBeGreaterThanOrEqual(taxLow);
      }),
    );
  });

  it('taxes the goods and the shipping together, at the destination rate', () => {
    expect(quoteTax(usd(10_000), usd(2_999), 'DE')).toEqual({ rate: '0.19', amount: usd(2_470) }); // 2469.81
    expect(quoteTax(usd(10_000), usd(0), 'US')).toEqual({ rate: '0', amount: usd(0) });
    expect(quoteTax(usd(1_000), usd(1_499), 'SE')).toEqual({ rate: '0.25', amount: usd(625) }); // 624.75
  });

  it('spells each rate one way, from a decimal string or what a numeric column returns', () => {
    expect(normalizeRate('0.190000')).toBe('0.19');
    expect(normalizeRate('0.200000')).toBe('0.2');
    expect(normalizeRate('0.000000')).toBe('0');
    expect(normalizeRate('1.0')).toBe('1');
    expect(normalizeRate(0.19)).toBe('0.19');
    expect(normalizeRate(0)).toBe('0');
    for (const bad of ['1.5', '-0.1', '0.1234567', '.5', 'abc', '', '0,19'])
      expect(() => normalizeRate(bad)).toThrow();
  });

  it('refuses a negative base', () => {
    expect(() => applyRate(usd(-1), '0.19')).toThrow(/negative/);
  });
});
