import * as z from 'zod/mini';
import { SLUG_PATTERN } from '../../../domain/catalog/product.js';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_PAGE,
  SEARCH_SORTS,
} from '../../../domain/search/search.js';
import { anyOf, idOf } from './patterns.js';

const wholeNumber = (name: string, min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, `${name} must be a whole number from ${min} to ${max}`)),
    z.pipe(
      z.transform(Number),
      z.int().check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`)),
    ),
  );

const text = z
  .string()
  .check(z.minLength(1), z.maxLength(MAX_QUERY_LENGTH), z.regex(/\S/, 'type something to search for'));

const ATTRIBUTE_PAIR = '[a-z][a-z0-9_-]{0,30}:[^,:]{1,40}';
const BRAND = '[^,]{1,60}';

/** GET /api/search: the text is required; every filter narrows it. Prices are in minor units (cents). */
export const searchQuery = z.object({
  q: text.register(z.globalRegistry, {
    description: `What to search for (1-${MAX_QUERY_LENGTH} characters)`,
  }),
  category: z.optional(
    z
      .string()
      .check(z.maxLength(120), z.regex(anyOf(idOf('cat'), SLUG_PATTERN), 'must be a category slug or id'))
      .register(z.globalRegistry, { description: 'Only this category (slug or id)' }),
  ),
  brand: z.optional(
    z
      .string()
      .check(z.regex(new RegExp(`^${BRAND}(,${BRAND}){0,9}$`), 'up to 10 brands, separated by commas'))
      .register(z.globalRegistry, { description: 'Only these brands, comma separated' }),
  ),
  minPrice: z.optional(wholeNumber('minPrice', 0, 999_999_999)).register(z.globalRegistry, {
    description: 'Lowest price in minor units (cents), inclusive',
  }),
  maxPrice: z.optional(wholeNumber('maxPrice', 0, 999_999_999)).register(z.globalRegistry, {
    description: 'Highest price in minor units (cents), inclusive; not below minPrice',
  }),
  inStock: z.optional(
    z
      .enum(['true', 'false'])
      .register(z.globalRegistry, { description: 'true: only what can be bought now' }),
  ),
  attr: z.optional(
    z
      .string()
      .check(
        z.regex(
          new RegExp(`^${ATTRIBUTE_PAIR}(,${ATTRIBUTE_PAIR}){0,9}$`),
          'name:value pairs separated by commas, e.g. color:Black,size:M',
        ),
      )
      .register(z.globalRegistry, {
        description: 'Attribute filters as name:value pairs (color:Black,color:Silver matches either color)',
      }),
  ),
  sort: z
    ._default(z.enum(SEARCH_SORTS, { error: `must be one of ${SEARCH_SORTS.join(', ')}` }), 'relevance')
    .register(z.globalRegistry, { description: 'Result order' }),
  page: z._default(wholeNumber('page', 1, MAX_SEARCH_PAGE), 1).register(z.globalRegistry, {
    description: `Page, 1..${MAX_SEARCH_PAGE} (deeper pages are not served: refine the search)`,
  }),
  limit: z
    ._default(wholeNumber('limit', 1, MAX_SEARCH_LIMIT), DEFAULT_SEARCH_LIMIT)
    .register(z.globalRegistry, {
      description: `Results per page, 1..${MAX_SEARCH_LIMIT} (default ${DEFAULT_SEARCH_LIMIT})`,
    }),
});

export const suggestQuery = z.object({
  q: text.register(z.globalRegistry, { description: 'What the shopper has typed so far' }),
});

const money = z.object({ amount: z.int(), currency: z.string() });
const facetCounts = z.array(z.object({ value: z.string(), count: z.int() }));

export const searchResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      brand: z.string(),
      categoryId: z.string(),
      categoryName: z.string(),
      image: z.nullable(z.object({ url: z.string(), alt: z.string() })),
      price: money,
      availability: z.object({ status: z.enum(['in_stock', 'low', 'sold_out']), count: z.int() }),
      highlights: z.object({ name: z.optional(z.string()), description: z.optional(z.string()) }),
    }),
  ),
  total: z.int(),
  page: z.int(),
  limit: z.int(),
  facets: z.object({
    category: facetCounts,
    brand: facetCounts,
    price: z.array(z.object({ from: z.nullable(z.int()), to: z.nullable(z.int()), count: z.int() })),
    attributes: z.record(z.string(), facetCounts),
  }),
});

export const suggestResponse = z.object({
  items: z.array(z.object({ text: z.string(), slug: z.optional(z.string()) })),
});
