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
