import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PRODUCT_SORTS } from '../domain/catalog/listing.js';

/** Request and response shapes of the public catalog API: validation and the OpenAPI document both use these. */
export const listProductsQuery = z.object({
  category: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a category slug or id')
    .optional()
    .describe('Category slug or id'),
  sort: z
    .enum(PRODUCT_SORTS, { error: `must be one of ${PRODUCT_SORTS.join(', ')}` })
    .default('newest')
    .describe('Listing order'),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
    .transform(Number)
    .pipe(
      z.number().int().min(1, 'must be at least 1').max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`),
    )
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page, 1..${MAX_PAGE_SIZE}`),
  cursor: z.string().min(1).max(2048).optional().describe('nextCursor from the previous page'),
});

export const productPath = z.object({
  idOrSlug: z.string().min(1).max(200).describe('Product id (prd_...) or slug'),
});

const moneySchema = z.object({
  amount: z.number().int().describe('minor units (cents)'),
  currency: z.string(),
});
const availabilitySchema = z.object({
  status: z.enum(['in_stock', 'low', 'sold_out']),
  count: z.number().int(),
});
const imageSchema = z.object({ url: z.string(), alt: z.string() });

export const productSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  brand: z.string(),
  categoryId: z.string(),
  image: imageSchema.nullable(),
  price: moneySchema,
  availability: availabilitySchema,
  popularity: z.number(),
  createdAt: z.string(),
});

export const productPageSchema = z.object({
  items: z.array(productSummarySchema),
  nextCursor: z.string().nullable(),
});

export const productSchema = productSummarySchema.omit({ image: true }).extend({
  description: z.string(),
  images: z.array(imageSchema),
  attributes: z.record(z.string(), z.string()),
  status: z.enum(['draft', 'active', 'archived']),
  variants: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      attributes: z.record(z.string(), z.string()),
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
