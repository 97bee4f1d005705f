import type { ProductSummary } from './product.js';

export const PRODUCT_SORTS = ['newest', 'price_asc', 'price_desc', 'popularity'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 24;

export interface ListProductsQuery {
  /** Absent: the whole active catalog. */
  categoryId?: string;
  sort: ProductSort;
  limit: number;
  /** Opaque; only ever produced by the repository that reads it back. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The order each sort promises, with the id as the tie-breaker so a page boundary never
 * drops or repeats a product. Adapters must list in exactly this order.
 */
export function compareForSort(sort: ProductSort): (a: ProductSummary, b: ProductSummary) => number {
  const byId = (a: ProductSummary, b: ProductSummary) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  switch (sort) {
    case 'newest':
      return (a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : -byId(a, b));
    case 'price_asc':
      return (a, b) => a.price.amount - b.price.amount || byId(a, b);
    case 'price_desc':
      return (a, b) => b.price.amount - a.price.amount || -byId(a, b);
    case 'popularity':
      return (a, b) => b.popularity - a.popularity || -byId(a, b);
  }
}
