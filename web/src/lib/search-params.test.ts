import { describe, expect, it } from 'vitest';
import {
  activeGroups,
  emptySearch,
  highlightRuns,
  isPriceBucket,
  parseSearchState,
  searchParamsOf,
  searchUrl,
  setCategory,
  setPriceBucket,
  toggleAttr,
  toggleBrand,
  withoutGroup,
} from './search-params';

describe('search state and its query string', () => {
  it('round-trips through the URL with defaults left out', () => {
    expect(searchUrl(emptySearch('red shoes'))).toBe('/search?q=red+shoes');
    const state = {
      ...emptySearch('jacket'),
      category: 'jackets',
      brands: ['Northwind', 'Alder & Co'],
      minPrice: 2500,
      maxPrice: 4999,
      inStock: true,
      attrs: ['size:M', 'color:Black'],
      sort: 'price_asc' as const,
      page: 3,
    };
    const params = searchParamsOf(state);
    expect(params.toString()).toBe(
      'q=jacket&category=jackets&brand=Alder+%26+Co%2CNorthwind&minPrice=2500&maxPrice=4999&inStock=true&attr=color%3ABlack%2Csize%3AM&sort=price_asc&page=3',
    );
    expect(parseSearchState(params)).toEqual({
      ...state,
      brands: ['Alder & Co', 'Northwind'],
      attrs: ['color:Black', 'size:M'],
    });
  });

  it('ignores what the API would refuse', () => {
    const state = parseSearchState(
      new URLSearchParams('q=x&sort=cheapest&page=99&minPrice=-1&attr=Bad Name:x,color:Red&inStock=yes'),
    );
    expect(state).toEqual({ ...emptySearch('x'), page: 20, attrs: ['color:Red'] });
    expect(parseSearchState(new URLSearchParams('page=0')).page).toBe(1);
  });

  it('toggles facets and returns to page 1', () => {
    const start = { ...emptySearch('tee'), page: 4 };
    const withBrand = toggleBrand(start, 'Lumen');
    expect(withBrand.brands).toEqual(['Lumen']);
    expect(withBrand.page).toBe(1);
    expect(toggleBrand(withBrand, 'Lumen').brands).toEqual([]);
    const sized = toggleAttr(toggleAttr(start, 'size', 'M'), 'size', 'L');
    expect(searchParamsOf(sized).get('attr')).toBe('size:L,size:M');
    expect(toggleAttr(sized, 'size', 'M').attrs).toEqual(['size:L']);
    expect(setCategory(start, 'tea').category).toBe('tea');
  });

  it('maps price buckets (to exclusive) to the inclusive API range', () => {
    const bucket = { from: 2500, to: 5000 };
    const priced = setPriceBucket(emptySearch('mug'), bucket);
    expect([priced.minPrice, priced.maxPrice]).toEqual([2500, 4999]);
    expect(isPriceBucket(priced, bucket)).toBe(true);
    expect(isPriceBucket(priced, { from: 5000, to: 10000 })).toBe(false);
    const open = setPriceBucket(priced, { from: 50000, to: null });
    expect([open.minPrice, open.maxPrice]).toEqual([50000, null]);
    const cheap = setPriceBucket(priced, { from: null, to: 2500 });
    expect(searchParamsOf(cheap).toString()).toBe('q=mug&maxPrice=2499');
    expect(setPriceBucket(cheap, null).maxPrice).toBeNull();
  });

  it('drops one group at a time for the other values of that group', () => {
    const state = {
      ...emptySearch('bag'),
      category: 'backpacks',
      brands: ['Kestrel'],
      minPrice: 100,
      attrs: ['color:Black', 'color:Olive', 'size:M'],
    };
    expect(activeGroups(state)).toEqual(['category', 'brand', 'price', 'attr:color', 'attr:size']);
    expect(withoutGroup(state, 'brand').brands).toEqual([]);
    expect(withoutGroup(state, 'attr:color').attrs).toEqual(['size:M']);
    expect(withoutGroup(state, 'price').minPrice).toBeNull();
    expect(withoutGroup(state, 'category')).toEqual({ ...state, category: null });
  });

  it('splits highlights into marked runs and decodes escapes', () => {
    expect(highlightRuns('Alder &amp; Co <mark>Shell</mark> <mark>Jacket</mark>')).toEqual([
      { text: 'Alder & Co ', marked: false },
      { text: 'Shell', marked: true },
      { text: ' ', marked: false },
      { text: 'Jacket', marked: true },
    ]);
    expect(highlightRuns('&lt;b&gt; &quot;x&quot; &#39;y&#39;')).toEqual([
      { text: '<b> "x" \'y\'', marked: false },
    ]);
  });
});
