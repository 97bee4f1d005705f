import { type FacetCount, PRICE_BUCKETS, type PriceBucketCount } from './search.js';

/** The PRICE_BUCKETS entry an amount (minor units) falls in: `from` inclusive, `to` exclusive. */
export function priceBucketIndex(amount: number): number {
  return PRICE_BUCKETS.findIndex(
    (bucket) => (bucket.from === null || amount >= bucket.from) && (bucket.to === null || amount < bucket.to),
  );
}

/** Facet order: most results first, then by value in plain code-unit order (as OpenSearch orders keyword keys). */
export function compareFacetCounts(a: FacetCount, b: FacetCount): number {
  return b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/** Value counts as a facet: zero counts left out, in facet order. */
export function facetCounts(counts: ReadonlyMap<string, number>): FacetCount[] {
  return [...counts]
    .filter(([, count]) => count > 0)
    .map(([value, count]) => ({ value, count }))
    .sort(compareFacetCounts);
}

/** Counts per PRICE_BUCKETS index as the price facet: in bucket order (cheapest first), empty buckets left out. */
export function priceFacet(counts: readonly number[]): PriceBucketCount[] {
  return PRICE_BUCKETS.flatMap((bucket, index) => {
    const count = counts[index] ?? 0;
    return count > 0 ? [{ from: bucket.from, to: bucket.to, count }] : [];
  });
}
