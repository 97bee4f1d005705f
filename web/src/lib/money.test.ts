import { describe, expect, it } from 'vitest';
import { addMoney, formatMoney, formatRate, sumMoney, toDecimalString } from './money';

describe('money', () => {
  it('formats integer minor units without floating point', () => {
    expect(formatMoney({ amount: 1999, currency: 'USD' }, { locale: 'en-US' })).toBe('$19.99');
    expect(formatMoney({ amount: 5, currency: 'USD' }, { locale: 'en-US' })).toBe('$0.05');
    expect(formatMoney({ amount: 0, currency: 'USD' }, { locale: 'en-US' })).toBe('$0.00');
    expect(formatMoney({ amount: -500, currency: 'USD' }, { locale: 'en-US' })).toBe('-$5.00');
    expect(formatMoney({ amount: 123456789, currency: 'USD' }, { locale: 'en-US' })).toBe('$1,234,567.89');
    // 0.1 + 0.2 style traps: 29 cents and 57 cents stay exact.
    expect(formatMoney({ amount: 29, currency: 'USD' }, { locale: 'en-US' })).toBe('$0.29');
    expect(formatMoney({ amount: 1157, currency: 'USD' }, { locale: 'en-US' })).toBe('$11.57');
  });

  it('knows currencies with other minor units', () => {
    expect(formatMoney({ amount: 1200, currency: 'JPY' }, { locale: 'en-US' })).toBe('¥1,200');
    expect(formatMoney({ amount: 1999, currency: 'EUR' }, { locale: 'de-DE' })).toBe('19,99\u00a0€');
  });

  it('drops .00 only for whole amounts when asked', () => {
    expect(formatMoney({ amount: 2500, currency: 'USD' }, { locale: 'en-US', whole: true })).toBe('$25');
    expect(formatMoney({ amount: 2499, currency: 'USD' }, { locale: 'en-US', whole: true })).toBe('$24.99');
  });

  it('builds exact decimal strings', () => {
    expect(toDecimalString(1, 2)).toBe('0.01');
    expect(toDecimalString(-1, 2)).toBe('-0.01');
    expect(toDecimalString(100, 0)).toBe('100');
    expect(toDecimalString(1234, 3)).toBe('1.234');
    expect(() => toDecimalString(1.5, 2)).toThrow(RangeError);
  });

  it('adds in integers and refuses mixed currencies', () => {
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    expect(sumMoney([usd(10), usd(20), usd(1)])).toEqual(usd(31));
    expect(sumMoney([])).toEqual(usd(0));
    expect(() => addMoney(usd(1), { amount: 1, currency: 'EUR' })).toThrow();
  });

  it('shows tax rates as percentages', () => {
    expect(formatRate('0.19', 'en-US')).toBe('19%');
    expect(formatRate('0.0725', 'en-US')).toBe('7.25%');
    expect(formatRate('0', 'en-US')).toBe('0%');
  });
});
