import type { Availability } from '../catalog/availability.js';
import type { Category, Product, ProductImage } from '../catalog/product.js';
import type { Money } from '../shared/money.js';

export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const DEFAULT_SEARCH_LIMIT = 24;
export const MAX_SEARCH_LIMIT = 48;
/** Deep pages cost every engine more than they are worth: at most this page, so at most 960 results deep. */
export const MAX_SEARCH_PAGE = 20;
export const MAX_SEARCH_DEPTH = MAX_SEARCH_PAGE * MAX_SEARCH_LIMIT;
export const MAX_QUERY_LENGTH = 100;
export const MAX_SUGGESTIONS = 10;

/**
 * Price facet buckets, in minor units: `from` inclusive, `to` exclusive, null open. The same boundaries in every
 * engine, so counts agree.
 */
export const PRICE_BUCKETS: readonly { from: number | null; to: number | null }[] = [
  { from: null, to: 2500 },
  { from: 2500, to: 5000 },
  { from: 5000, to: 10000 },
  { from: 10000, to: 20000 },
  { from: 20000, to: 50000 },
  { from: 50000, to: null },
];

/** What the index holds per active product: enough to rank, filter, facet and draw a result card. */
export interface SearchDocument {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId: string;
  categoryName: string;
  /** Lowest variant price. */
  price: Money;
  availability: Availability;
  inStock: boolean;
  popularity: number;
  createdAt: string;
  image: ProductImage | null;
  /** Product attributes and every variant's, each name with all its values (`color: [Black, Silver]`). */
  attributes: Record<string, string[]>;
  /** Every SKU of the product, so a search for a SKU finds it. */
  skus: string[];
}

export interface SearchQuery {
  /** Free text; absent or empty browses by the filters alone. */
  text?: string;
  categoryId?: string;
  brands?: string[];
  /** Minor units, inclusive. */
  minPrice?: number;
  /** Minor units, inclusive. */
  maxPrice?: number;
  inStock?: boolean;
  /** Each named attribute must have one of the given values. */
  attributes?: Record<string, string[]>;
  sort: SearchSort;
  /** 1-based. */
  page: number;
  limit: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface PriceBucketCount {
  from: number | null;
  to: number | null;
  count: number;
}

/**
 * Facet counts are over every document that matches the whole query (text and every filter), so a count is what the
 * shopper gets by adding that value; values with no match are left out. Sorted by count, then value.
 */
export interface SearchFacets {
  category: FacetCount[];
  brand: FacetCount[];
  price: PriceBucketCount[];
  attributes: Record<string, FacetCount[]>;
}

export interface SearchHit {
  document: SearchDocument;
  /** Matched words wrapped in <mark>...</mark>, HTML-escaped otherwise; absent when the field did not match. */
  highlights: { name?: string; description?: string };
}

export interface SearchResult {
  items: SearchHit[];
  /** Every matching document, not only this page. */
  total: number;
  facets: SearchFacets;
}

export interface Suggestion {
  /** What to show and, when picked, to search for. */
  text: string;
  /** The product this suggestion is, when it is one. */
  slug?: string;
}

/** The whole catalog, page by page, for a full rebuild. */
export type DocumentSource = AsyncIterable<readonly SearchDocument[]>;

/**
 * Where shoppers search. Every engine answers the same query with the same documents, counts and facets; ranking
 * may differ in detail but a typo, a stem or a synonym of a product's words finds it.
 */
export interface SearchIndex {
  /** Adds or replaces documents by id. */
  upsert(documents: readonly SearchDocument[]): Promise<void>;
  /** Ids not in the index are ignored. */
  remove(ids: readonly string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** As-you-type completions for a prefix (product names first), at most `limit`. */
  suggest(prefix: string, limit: number): Promise<Suggestion[]>;
  /** Builds a fresh index from `source` while the current one keeps answering, then switches to it. */
  reindex(source: DocumentSource, onProgress?: (indexed: number) => void): Promise<{ indexed: number }>;
  /** Reachable and able to answer. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** What goes into the index for a product; inactive products are not searchable (remove them instead). */
export function toSearchDocument(product: Product, category: Category | undefined): SearchDocument | null {
  if (product.status !== 'active') return null;
  const attributes = new Map<string, Set<string>>();
  const add = (name: string, value: string) =>
    attributes.set(name, (attributes.get(name) ?? new Set()).add(value));
  for (const [name, value] of Object.entries(product.attributes)) add(name, value);
  for (const variant of product.variants)
    for (const [name, value] of Object.entries(variant.attributes)) add(name, value);
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description,
    brand: product.brand,
    categoryId: product.categoryId,
    categoryName: category?.name ?? '',
    price: product.price,
    availability: product.availability,
    inStock: product.availability.status !== 'sold_out',
    popularity: product.popularity,
    createdAt: product.createdAt,
    image: product.images[0] ?? null,
    attributes: Object.fromEntries([...attributes].map(([name, values]) => [name, [...values].sort()])),
    skus: product.variants.map((variant) => variant.sku),
  };
}
