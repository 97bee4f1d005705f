/** What a listing shows about stock; the ledger itself lives with orders. */
export type AvailabilityStatus = 'in_stock' | 'low' | 'sold_out';

export interface Availability {
  status: AvailabilityStatus;
  count: number;
}

/** At or below this many units a SKU shows as "low" so buyers know to hurry. */
export const LOW_STOCK_THRESHOLD = 5;

export function availabilityOf(count: number): Availability {
  const units = Math.max(0, Math.trunc(count));
  if (units === 0) return { status: 'sold_out', count: 0 };
  return { status: units <= LOW_STOCK_THRESHOLD ? 'low' : 'in_stock', count: units };
}

/** A product is as available as its SKUs together. */
export function combinedAvailability(parts: readonly Availability[]): Availability {
  return availabilityOf(parts.reduce((total, part) => total + part.count, 0));
}

/**
 * Shoppers see availability at most 5 s behind the stock ledger, on every read path and with any cache. The budget:
 * the outbox relay polls every second (up to ~1.5 s with its work); a cache that a sale cannot reach (another
 * process's in-process LRU, or a Redis that missed an invalidation) keeps an entry at most `cacheSeconds`; browsers
 * and CloudFront at most `httpSeconds` (no stale-while-revalidate on these answers).
 */
export const AVAILABILITY_FRESHNESS = { cacheSeconds: 2, httpSeconds: 1 } as const;
