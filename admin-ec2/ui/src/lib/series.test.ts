import { describe, expect, it } from 'vitest';
import { mainCurrency, peak, perDay, share } from './series';

describe('report series', () => {
  const range = { from: '2026-03-01', to: '2026-03-04' };

  it('has a value for every day of the range, zero where the API sent no row', () => {
    const items = [
      { day: '2026-03-01', revenue: 500 },
      { day: '2026-03-03', revenue: 700 },
      { day: '2026-03-03', revenue: 100 },
    ];
    expect(perDay(range, items, (i) => i.revenue)).toEqual({
      days: ['2026-03-01', '2026-03-02', '2026-03-03'],
      values: [500, 0, 800],
    });
  });

  it('plots the currency that earned most', () => {
    expect(
      mainCurrency([
        { currency: 'EUR', revenue: 900 },
        { currency: 'USD', revenue: 600 },
        { currency: 'USD', revenue: 600 },
      ]),
    ).toBe('USD');
  });

  it('summarises: the peak day and shares', () => {
    expect(peak(['a', 'b', 'c'], [1, 9, 3])).toEqual({ day: 'b', value: 9 });
    expect(share(1, 3)).toBe('33.3%');
    expect(share(1, 0)).toBe('—');
  });
});
