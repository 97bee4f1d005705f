/**
 * The search page's state, read from and written to its URL (`/search?q=...`). The names are the API's own
 * (GET /api/search), so the page URL and the API query are the same parameters.
 */
export interface SearchState {
  q: string;
  /** A category slug. */
  category: string | null;
  brands: string[];
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean;
  /** `name:value` pairs; values of one name match either, names must all match. */
  attrs: string[];
  sort: SearchSort;
  page: number;
}

export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const MAX_SEARCH_PAGE = 20;

/** A facet group: category, brand, price, or one attribute name (`attr:color`). */
export type FacetGroup = 'category' | 'brand' | 'price' | `attr:${string}`;

const wholeNumber = (value: string | null): number | null =>
  value !== null && /^\d{1,9}$/.test(value) ? Number(value) : null;

const list = (value: string | null): string[] =>
  value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [];

export function parseSearchState(params: URLSearchParams): SearchState {
  const sort = params.get('sort');
  const page = wholeNumber(params.get('page'));
  return {
    q: (params.get('q') ?? '').slice(0, 100),
    category: params.get('category') || null,
    brands: list(params.get('brand')),
    minPrice: wholeNumber(params.get('minPrice')),
    maxPrice: wholeNumber(params.get('maxPrice')),
    inStock: params.get('inStock') === 'true',
    attrs: list(params.get('attr')).filter((pair) => /^[a-z][a-z0-9_-]{0,30}:[^,:]{1,40}$/.test(pair)),
    sort: SEARCH_SORTS.includes(sort as SearchSort) ? (sort as SearchSort) : 'relevance',
    page: page && page >= 1 ? Math.min(page, MAX_SEARCH_PAGE) : 1,
  };
}

/** The state as query parameters, defaults left out, in one fixed order (so equal states are equal URLs). */
export function searchParamsOf(state: SearchState, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  params.set('q', state.q);
  if (state.category) params.set('category', state.category);
  if (state.brands.length > 0) params.set('brand', [...state.brands].sort().join(','));
  if (state.minPrice !== null) params.set('minPrice', String(state.minPrice));
  if (state.maxPrice !== null) params.set('maxPrice', String(state.maxPrice));
  if (state.inStock) params.set('inStock', 'true');
  if (state.attrs.length > 0) params.set('attr', [...state.attrs].sort().join(','));
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page !== 1) params.set('page', String(state.page));
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params;
}

/** The page URL of a state. */
export const searchUrl = (state: SearchState) => `/search?${searchParamsOf(state)}`;

export const emptySearch = (q: string): SearchState => ({
  q,
  category: null,
  brands: [],
  minPrice: null,
  maxPrice: null,
  inStock: false,
  attrs: [],
  sort: 'relevance',
  page: 1,
});

const toggled = (items: readonly string[], item: string) =>
  items.includes(item) ? items.filter((existing) => existing !== item) : [...items, item];

// Every refinement goes back to page 1: page 7 of another result set means nothing.
export const toggleBrand = (state: SearchState, brand: string): SearchState => ({
  ...state,
  brands: toggled(state.brands, brand),
  page: 1,
});

export const toggleAttr = (state: SearchState, name: string, value: string): SearchState => ({
  ...state,
  attrs: toggled(state.attrs, `${name}:${value}`),
  page: 1,
});

export const setCategory = (state: SearchState, slug: string | null): SearchState => ({
  ...state,
  category: slug,
  page: 1,
});

export const setInStock = (state: SearchState, inStock: boolean): SearchState => ({
  ...state,
  inStock,
  page: 1,
});

export const setSort = (state: SearchState, sort: SearchSort): SearchState => ({ ...state, sort, page: 1 });

export interface PriceBucket {
  from: number | null;
  to: number | null;
}

/** A price facet bucket (`from` inclusive, `to` exclusive) as the API's inclusive minPrice/maxPrice; null: any. */
export const setPriceBucket = (state: SearchState, bucket: PriceBucket | null): SearchState => ({
  ...state,
  minPrice: bucket?.from ?? null,
  maxPrice: bucket?.to != null ? bucket.to - 1 : null,
  page: 1,
});

export const isPriceBucket = (state: SearchState, bucket: PriceBucket) =>
  state.minPrice === (bucket.from ?? null) && state.maxPrice === (bucket.to != null ? bucket.to - 1 : null);

export const hasPrice = (state: SearchState) => state.minPrice !== null || state.maxPrice !== null;

export const selectedAttrValues = (state: SearchState, name: string) =>
  state.attrs.filter((pair) => pair.startsWith(`${name}:`)).map((pair) => pair.slice(name.length + 1));

/** The groups the state filters on. */
export function activeGroups(state: SearchState): FacetGroup[] {
  const groups: FacetGroup[] = [];
  if (state.category) groups.push('category');
  if (state.brands.length > 0) groups.push('brand');
  if (hasPrice(state)) groups.push('price');
  const names = new Set(state.attrs.map((pair) => pair.slice(0, pair.indexOf(':'))));
  for (const name of [...names].sort()) groups.push(`attr:${name}`);
  return groups;
}

/**
 * The state without one group's filter. The API counts facets over the fully filtered result, so once a brand is
 * chosen the brand facet holds only that brand; the page asks once more without the brand filter to show the other
 * brands with their counts (multi-select within a group, narrowing across groups).
 */
export function withoutGroup(state: SearchState, group: FacetGroup): SearchState {
  const next: SearchState = { ...state, page: 1 };
  if (group === 'category') next.category = null;
  else if (group === 'brand') next.brands = [];
  else if (group === 'price') {
    next.minPrice = null;
    next.maxPrice = null;
  } else {
    const name = group.slice('attr:'.length);
    next.attrs = state.attrs.filter((pair) => !pair.startsWith(`${name}:`));
  }
  return next;
}

/** Pulls the search API's `<mark>` highlights apart into text runs, decoding its HTML escapes. */
export function highlightRuns(html: string): { text: string; marked: boolean }[] {
  const decode = (text: string) =>
    text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, entity: string) =>
      entity === 'amp' ? '&' : entity === 'lt' ? '<' : entity === 'gt' ? '>' : entity === 'quot' ? '"' : "'",
    );
  const runs: { text: string; marked: boolean }[] = [];
  const pattern = /<mark>(.*?)<\/mark>/g;
  let last = 0;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    if (match.index > last) runs.push({ text: decode(html.slice(last, match.index)), marked: false });
    runs.push({ text: decode(match[1] ?? ''), marked: true });
    last = match.index + match[0].length;
  }
  if (last < html.length) runs.push({ text: decode(html.slice(last)), marked: false });
  return runs;
}
