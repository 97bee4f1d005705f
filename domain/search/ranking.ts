import type { SearchDocument } from './search.js';

/** How much popularity can lift a product (at most 25%), saturating: p / (p + pivot). */
export const POPULARITY_WEIGHT = 0.25;
export const POPULARITY_PIVOT = 1000;
/** A sold-out product's score is multiplied by this: below any in-stock product that matches as well. */
export const SOLD_OUT_FACTOR = 0.75;

/**
 * What `relevance` multiplies a product's text score by, in every engine: more popular, higher (always, but never
 * more than 25%); sold out, lower than any in-stock product that matches as well (1.25 x 0.75 < 1). With no text
 * this alone orders the products. OpenSearch: a function_score with boost_mode multiply and the script
 * `(1 + 0.25 * p / (p + 1000)) * (inStock ? 1 : 0.75)`.
 */
export function relevanceBoost(document: Pick<SearchDocument, 'popularity' | 'inStock'>): number {
  const popularity = Math.max(0, document.popularity);
  return (
    (1 + (POPULARITY_WEIGHT * popularity) / (popularity + POPULARITY_PIVOT)) *
    (document.inStock ? 1 : SOLD_OUT_FACTOR)
  );
}
