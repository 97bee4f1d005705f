import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, formatMoney, money, multiply, sum } from './money.js';

const amount = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });

describe('Money', () => {
  it('adds exactly, in any order and grouping', () => {
    fc.assert(
      fc.property(amount, amount, amount, (a, b, c) => {
        const [x, y, z] = [money(a, 'USD'), money(b, 'USD'), money(c, 'USD')];
        expect(add(add(x, y), z)).toEqual(add(x, add(y, z)));
        expect(add(x, y)).toEqual(add(y, x));
        expect(add(x, y).amount).toBe(a + b);
      }),
    );
  });

  it('multiplies as repeated addition, with no float drift', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 99 }),
        (cents, quantity) => {
          const price = money(cents, 'EUR');
          expect(multiply(price, quantity)).toEqual(sum(Array(quantity).fill(price), 'EUR'));
        },
      ),
    );
    expect(multiply(money(10, 'USD'), 3).amount).toBe(30); // 0.1 * 3 would be 0.30000000000000004
  });

  it('refuses fractions, unsafe integers and mixed currencies', () => {
    expect(() => money(1.5, 'USD')).toThrow(/safe integer/);
    expect(() => money(Number.MAX_SAFE_INTEGER + 2, 'USD')).toThrow(/safe integer/);
    expect(() => money(1, 'XXX' as 'USD')).toThrow(/unknown currency/);
    expect(() => add(money(1, 'USD'), money(1, 'EUR'))).toThrow(/USD with EUR/);
    expect(() => multiply(money(1, 'USD'), 0.5)).toThrow(/integer/);
  });

  it('formats minor units for people, by currency', () => {
    expect(formatMoney(money(123456, 'USD'))).toBe('$1,234.56');
    expect(formatMoney(money(1234, 'JPY'))).toBe('¥1,234');
  });
});
