import { describe, expect, it } from 'vitest';
import { daysOf, presetOf, presetRange, rangeFromInputs, rangeFromQuery } from './dates';

const now = new Date('2026-03-15T22:30:00Z');

describe('report date ranges', () => {
  it('defaults to the last 30 days including today, as a half-open range', () => {
    const range = rangeFromQuery(new URLSearchParams(), now);
    expect(range).toEqual({ from: '2026-02-14', to: '2026-03-16' });
    expect(daysOf(range)).toHaveLength(30);
    expect(presetOf(range, now)).toBe('30d');
  });

  it('reads a real range from the address and ignores a broken one', () => {
    expect(rangeFromQuery(new URLSearchParams('from=2026-01-01&to=2026-02-01'), now)).toEqual({
      from: '2026-01-01',
      to: '2026-02-01',
    });
    for (const bad of ['from=2026-02-30&to=2026-03-01', 'from=2026-03-01&to=2026-03-01', 'from=x&to=y'])
      expect(rangeFromQuery(new URLSearchParams(bad), now).from).toBe('2026-02-14');
  });

  it('has calendar presets: last month across a year boundary, this month up to today', () => {
    expect(presetRange('last-month', new Date('2026-01-10T00:00:00Z'))).toEqual({
      from: '2025-12-01',
      to: '2026-01-01',
    });
    expect(presetRange('month', now)).toEqual({ from: '2026-03-01', to: '2026-03-16' });
  });

  it('turns the form inclusive "to" day into the API exclusive one, refusing a backwards range', () => {
    expect(rangeFromInputs('2026-03-01', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-02' });
    expect(rangeFromInputs('2026-03-02', '2026-03-01')).toBeNull();
  });
});
