import * as z from 'zod/mini';
import { idOf } from '../../adapters/http/contract/patterns.js';
import { IMAGE_TYPES, type ImageType, MAX_IMAGE_BYTES } from '../../domain/catalog/catalog-admin.ports.js';
import { SLUG_PATTERN } from '../../domain/catalog/product.js';
import { CURRENCIES, type Currency } from '../../domain/shared/money.js';
import { pageSize } from '../shared/query-schemas.js';

/** The catalog area's request shapes: every field checked at the edge, a failure a 400 naming it. */
const text = (max: number, min = 1) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const slug = z.string().check(z.maxLength(120), z.regex(SLUG_PATTERN, 'lower-case words joined by dashes'));
const sku = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'));
const stringMap = z
  .record(z.string().check(z.minLength(1), z.maxLength(40)), z.string().check(z.maxLength(200)))
  .check(z.refine((map) => Object.keys(map).length <= 30, 'at most 30 attributes'));
const money = z.object({
  amount: z.int('whole minor units (cents)').check(z.minimum(0), z.maximum(100_000_000)),
  currency: z.enum(Object.keys(CURRENCIES) as [Currency, ...Currency[]]),
});
const image = z.object({
  url: z.string().check(z.maxLength(1000), z.regex(/^(https?:\/\/|\/)\S+$/, 'an absolute URL or a path')),
  alt: text(200, 0),
});
const variant = z.object({
  sku,
  name: text(200),
  attributes: z._default(stringMap, {}),
  price: money,
  initialStock: z.optional(z.int('a whole number').check(z.minimum(0), z.maximum(1_000_000))),
});
const categoryId = z.string().check(z.regex(idOf('cat'), 'a category id (cat_...)'));
const variants = z.array(variant).check(z.minLength(1, 'at least one SKU'), z.maxLength(100));
const fields = {
  name: text(200),
  description: text(5000, 0),
  brand: text(100),
  categoryId,
  attributes: stringMap,
  images: z.array(image).check(z.maxLength(20)),
  status: z.enum(['draft', 'active']),
  variants,
};

export const productId = z.object({ id: z.string().check(z.regex(idOf('prd'), 'a product id (prd_...)')) });
export const categoryParams = z.object({ id: categoryId });

export const newProductBody = z.object({
  ...fields,
  slug,
  attributes: z.optional(fields.attributes),
  images: z.optional(fields.images),
});

export const productChangesBody = z.object({
  revision: z.string().check(z.maxLength(100)),
  name: z.optional(fields.name),
  description: z.optional(fields.description),
  brand: z.optional(fields.brand),
  categoryId: z.optional(fields.categoryId),
  attributes: z.optional(fields.attributes),
  images: z.optional(fields.images),
  status: z.optional(fields.status),
  variants: z.optional(fields.variants),
});

export const archiveBody = z.object({ revision: z.string().check(z.maxLength(100)) });

export const productsQuery = z.object({
  q: z.optional(z.string().check(z.maxLength(100))),
  status: z.optional(z.enum(['draft', 'active', 'archived'])),
  categoryId: z.optional(categoryId),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  limit: pageSize(25),
});

export const stockAdjustmentBody = z.object({
  sku,
  delta: z.int('a whole number').check(
    z.minimum(-1_000_000),
    z.maximum(1_000_000),
    z.refine((n) => n !== 0, 'must not be 0'),
  ),
  reason: text(200, 3),
});

export const productImageBody = z.object({
  contentType: z.enum(Object.keys(IMAGE_TYPES) as [ImageType, ...ImageType[]]),
  bytes: z.int('a whole number of bytes').check(z.minimum(1), z.maximum(MAX_IMAGE_BYTES, 'at most 5 MB')),
});

export const newCategoryBody = z.object({ slug, name: text(100), description: text(1000, 0) });
export const categoryChangesBody = z.object({
  name: z.optional(text(100)),
  description: z.optional(text(1000, 0)),
});
