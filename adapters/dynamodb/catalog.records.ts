import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { SkuInfo } from '../../domain/cart/cart.ports.js';
import type { Category, Product, ProductSummary } from '../../domain/catalog/product.js';
import { CURRENCIES, type Currency } from '../../domain/shared/money.js';

/** Rows read from the table are parsed, not trusted: a bad row fails loudly here, not in a customer's page. */
const currency = z.enum(Object.keys(CURRENCIES) as [Currency, ...Currency[]]);
const money = z.object({ amount: z.int(), currency });
const availability = z.object({
  status: z.enum(['in_stock', 'low', 'sold_out']),
  count: z.int().check(z.minimum(0)),
});
const image = z.object({ url: z.string(), alt: z.string() });
const stringMap = z.record(z.string(), z.string());

const summaryRecord = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  brand: z.string(),
  categoryId: z.string(),
  images: z.array(image),
  price: money,
  availability,
  popularity: z.number(),
  createdAt: z.string(),
});

const productRecord = z.extend(summaryRecord, {
  description: z.string(),
  status: z.enum(['draft', 'active', 'archived']),
  attributes: stringMap,
  variants: z.array(
    z.object({ sku: z.string(), name: z.string(), attributes: stringMap, price: money, availability }),
  ),
  updatedAt: z.string(),
});

const categoryRecord = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
});

/** Fixed-width so that string order is numeric order in a sort key. */
export const sortablePrice = (amount: number) => amount.toString().padStart(15, '0');
export const sortablePopularity = (popularity: number) =>
  Math.max(0, Math.trunc(popularity)).toString().padStart(12, '0');

export const toProductRecord = (product: Product) => ({
  ...product,
  priceKey: sortablePrice(product.price.amount),
  popularityKey: sortablePopularity(product.popularity),
  revision: randomUUID(),
});

export const revisionOf = (row: unknown): string | null => {
  const revision = (row as { revision?: unknown }).revision;
  return typeof revision === 'string' ? revision : null;
};

export const parseProduct = (row: unknown): Product => productRecord.parse(row);

export const parseCategory = (row: unknown): Category => categoryRecord.parse(row);

export function parseSummary(row: unknown): ProductSummary {
  const { images, ...rest } = summaryRecord.parse(row);
  return { ...rest, image: images[0] ?? null };
}

const skuRecord = z.object({
  sku: z.string(),
  productId: z.string(),
  productSlug: z.string(),
  categoryId: z.optional(z.string()),
  name: z.string(),
  price: money,
  availability,
  active: z.boolean(),
});

export const parseSku = (row: unknown): SkuInfo => skuRecord.parse(row);

export const toSkuRecords = (product: Product): SkuInfo[] =>
  product.variants.map((variant) => ({
    sku: variant.sku,
    productId: product.id,
    productSlug: product.slug,
    categoryId: product.categoryId,
    name: variant.name,
    price: variant.price,
    availability: variant.availability,
    active: product.status === 'active',
  }));
