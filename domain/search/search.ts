import type { Availability } from '../catalog/availability.js';
import type { Category, Product, ProductImage } from '../catalog/product.js';
import type { Money } from '../shared/money.js';

/**
 * Result orders; every one breaks ties by document id (code-unit order), so pages never overlap or skip.
 * - relevance: how well the text matches (see query-plan.ts), times `relevanceBoost` (ranking.ts): more popular,
 *   higher; an in-stock product above a sold-out one that matches as well, whatever their popularity. With no text
 *   every product matches equally: in stock first, then most popular.
 * - price_asc / price_desc: by `price.amount`.
 * - newest: by `createdAt`, latest first.
 */
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

/** Every filter narrows the result; an absent filter, or an empty list, does not filter. */
export interface SearchQuery {
  /**
   * Free text, matched as query-plan.ts describes (every word, typos, stems, synonyms) against the name, brand,
   * category name, attribute values and description; a text equal to one of a product's SKUs (any case) finds that
   * product. Absent or empty browses by the filters alone; a text with no searchable word (only stop words or
   * punctuation) finds nothing.
   */
  text?: string;
  categoryId?: string;
  /** Any of these brands, exactly as written in the documents. */
  brands?: string[];
  /** Minor units, inclusive. */
  minPrice?: number;
  /** Minor units, inclusive. */
  maxPrice?: number;
  /** true: only what can be bought now (`inStock`); false or absent: no filter. */
  inStock?: boolean;
  /** Each named attribute must have one of the given values (exact, case-sensitive). */
  attributes?: Record<string, string[]>;
  sort: SearchSort;
  /** 1-based, at most MAX_SEARCH_PAGE. */
  page: number;
  /** 1..MAX_SEARCH_LIMIT. */
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
 * shopper gets by adding that value; values with no match are left out. Sorted by count (highest first), then value
 * in code-unit order; every value is listed (no top-n cut). facets.ts has the shared helpers.
 */
export interface SearchFacets {
  /** Values are category ids (what `categoryId` filters by). */
  category: FacetCount[];
  /** Values are brands as written (what `brands` filters by). */
  brand: FacetCount[];
  /** PRICE_BUCKETS in their own order (cheapest first), empty buckets left out; by the document's `price`. */
  price: PriceBucketCount[];
  /** Per attribute name that has a value among the results, its exact values. */
  attributes: Record<string, FacetCount[]>;
}

export interface SearchHit {
  document: SearchDocument;
  /**
   * The field with each matched word wrapped in <mark>...</mark> (adjacent matched words may share one), HTML-escaped
   * otherwise; absent when no word of the field matched. A long description may be cut to a fragment around the
   * first match.
   */
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
  /**
   * As-you-type completions for what the shopper has typed: every word of it must start a word of the suggestion
   * (case and accents ignored). Product names first (in stock, then most popular, first; a name once), then the
   * category names and brands that match; when any match, they keep up to two of the `limit` places. At most
   * `limit` (capped at MAX_SUGGESTIONS); nothing for a prefix without a letter or digit.
   */
  suggest(prefix: string, limit: number): Promise<Suggestion[]>;
  /**
   * Builds a fresh index from `source` while the current one keeps answering, then switches to it; writes made
   * meanwhile are not lost. `indexed` counts the distinct documents the source gave.
   */
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
