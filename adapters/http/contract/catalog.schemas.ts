import * as z from 'zod/mini';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PRODUCT_SORTS } from '../../../domain/catalog/listing.js';
import { SLUG_PATTERN } from '../../../domain/catalog/product.js';
import { anyOf, idOf } from './patterns.js';

/** Request and response shapes of the public catalog API: validation and the OpenAPI document both use these. */
export const listProductsQuery = z.object({
  category: z.optional(
    z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(120),
        z.regex(anyOf(idOf('cat'), SLUG_PATTERN), 'must be a category slug or id'),
      )
      .register(z.globalRegistry, { description: 'Category slug or id (cat_...)' }),
  ),
  sort: z
    ._default(z.enum(PRODUCT_SORTS, { error: `must be one of ${PRODUCT_SORTS.join(', ')}` }), 'newest')
    .register(z.globalRegistry, { description: 'Listing order' }),
  limit: z
    ._default(
      z.pipe(
        z.string().check(z.regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)),
        z.pipe(
          z.transform(Number),
          z
            .int()
            .check(
              z.minimum(1, 'must be at least 1'),
              z.maximum(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`),
            ),
        ),
      ),
      DEFAULT_PAGE_SIZE,
    )
    .register(z.globalRegistry, {
      description: `Items per page, 1..${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`,
    }),
  cursor: z.optional(
    z.string().check(z.minLength(1), z.maxLength(2048)).register(z.globalRegistry, {
      description:
        'nextCursor from the previous page of the same listing (same category and sort); anything else is a 400',
      // Only the server makes valid cursors (they carry a digest): no schema can say which strings they are.
      'x-opaque': true,
    }),
  ),
});

export const productPath = z.object({
  idOrSlug: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(200),
      z.regex(anyOf(idOf('prd'), SLUG_PATTERN), 'must be a product id (prd_...) or slug'),
    )
    .register(z.globalRegistry, { description: 'Product id (prd_...) or slug' }),
});

const moneySchema = z.object({ amount: z.int(), currency: z.string() });
const availabilitySchema = z.object({ status: z.enum(['in_stock', 'low', 'sold_out']), count: z.int() });
const imageSchema = z.object({ url: z.string(), alt: z.string() });
const stringMap = z.record(z.string(), z.string());

export const productSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  brand: z.string(),
  categoryId: z.string(),
  image: z.nullable(imageSchema),
  price: moneySchema,
  availability: availabilitySchema,
  popularity: z.number(),
  createdAt: z.string(),
});

export const productPageSchema = z.object({
  items: z.array(productSummarySchema),
  nextCursor: z.nullable(z.string()),
});

export const productSchema = z.extend(z.omit(productSummarySchema, { image: true }), {
  description: z.string(),
  images: z.array(imageSchema),
  attributes: stringMap,
  status: z.enum(['draft', 'active', 'archived']),
  variants: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      attributes: stringMap,
      price: moneySchema,
      availability: availabilitySchema,
    }),
  ),
  updatedAt: z.string(),
});

export const categorySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
});
export const categoryListSchema = z.object({ items: z.array(categorySchema) });
