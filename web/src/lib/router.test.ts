import { describe, expect, it } from 'vitest';
import { matchRoute, safeNext } from './router';

describe('router', () => {
  it('matches patterns and decodes parameters', () => {
    expect(matchRoute('/', '/')).toEqual({});
    expect(matchRoute('/p/:slug', '/p/red-shoes')).toEqual({ slug: 'red-shoes' });
    expect(matchRoute('/p/:slug', '/p/red-shoes/')).toEqual({ slug: 'red-shoes' });
    expect(matchRoute('/orders/:id', '/orders/ord_01')).toEqual({ id: 'ord_01' });
    expect(matchRoute('/orders/:id', '/orders')).toBeNull();
    expect(matchRoute('/c/:slug', '/p/x')).toBeNull();
    expect(matchRoute('/c/:slug', '/c/%E0%A4%A')).toBeNull();
  });

  it('follows only same-site paths after login', () => {
    expect(safeNext('/checkout')).toBe('/checkout');
    expect(safeNext('/orders/ord_1?placed=1')).toBe('/orders/ord_1?placed=1');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null, '/account')).toBe('/account');
  });
});
