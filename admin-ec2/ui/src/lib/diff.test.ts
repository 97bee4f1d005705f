import { describe, expect, it } from 'vitest';
import { diff } from './diff';

describe('audit diff', () => {
  it('lists only what changed, by dotted path', () => {
    const before = { name: 'Mug', price: { amount: 1200, currency: 'USD' }, tags: ['a'], same: 1 };
    const after = { name: 'Big mug', price: { amount: 1500, currency: 'USD' }, tags: ['a', 'b'], same: 1 };
    expect(diff(before, after)).toEqual([
      { path: 'name', before: '"Mug"', after: '"Big mug"' },
      { path: 'price.amount', before: '1200', after: '1500' },
      { path: 'tags', before: '["a"]', after: '["a","b"]' },
    ]);
  });

  it('shows a creation (no before) and a field that appeared or went', () => {
    expect(diff(null, { id: 'x' })).toEqual([{ path: '(whole)', before: 'null', after: '{"id":"x"}' }]);
    expect(diff({ a: 1 }, { b: 2 })).toEqual([
      { path: 'a', before: '1', after: '—' },
      { path: 'b', before: '—', after: '2' },
    ]);
  });
});
