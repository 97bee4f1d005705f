import { describe, expect, it } from 'vitest';
import { attributesText, moneyInputValue, parseAttributes, parseMoneyInput } from './money-input';

describe('price and attribute inputs', () => {
  it('reads prices as exact minor units for the currency', () => {
    expect(parseMoneyInput('19.99', 'USD')).toBe(1999);
    expect(parseMoneyInput(' 1,299.5 ', 'USD')).toBe(129950);
    expect(parseMoneyInput('0.29', 'USD')).toBe(29); // 0.29 * 100 is 28.999... as a float
    expect(parseMoneyInput('1500', 'JPY')).toBe(1500);
    expect(parseMoneyInput('1.234', 'BHD')).toBe(1234);
  });

  it('refuses what is not an amount of that currency', () => {
    for (const bad of ['', 'abc', '-5', '1.999', '1e3', '12.3.4'])
      expect(parseMoneyInput(bad, 'USD'), bad).toBeNull();
    expect(parseMoneyInput('10.5', 'JPY')).toBeNull();
  });

  it('shows an amount back as typed', () => {
    expect(moneyInputValue(1999, 'USD')).toBe('19.99');
    expect(moneyInputValue(5, 'USD')).toBe('0.05');
  });

  it('reads attributes as key=value pairs and refuses a pair without both', () => {
    expect(parseAttributes('color=red, size = M')).toEqual({ color: 'red', size: 'M' });
    expect(parseAttributes('')).toEqual({});
    expect(parseAttributes('color')).toBeNull();
    expect(parseAttributes('=red')).toBeNull();
    expect(attributesText({ color: 'red', size: 'M' })).toBe('color=red, size=M');
  });
});
