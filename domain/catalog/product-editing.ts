import { type FieldError, invalid } from '../shared/errors.js';
import type { Money } from '../shared/money.js';
import { availabilityOf } from './availability.js';
import { assembleProduct, type Product, type ProductImage, type Sku } from './product.js';

/** A SKU as an operator writes it; `initialStock` opens its line in the stock ledger (new SKUs only). */
export interface VariantInput {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: Money;
  initialStock?: number;
}

export interface NewProductInput {
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId: string;
  attributes?: Record<string, string>;
  images?: ProductImage[];
  status: 'draft' | 'active';
  variants: VariantInput[];
}

export type ProductChanges = Partial<Omit<NewProductInput, 'slug'>>;

/** A product ready to write, and the ledger lines its new SKUs open with. */
export interface EditedProduct {
  product: Product;
  openingStock: { sku: string; onHand: number }[];
}

function duplicateSkus(variants: readonly VariantInput[]): FieldError[] {
  const seen = new Set<string>();
  return variants.flatMap((variant, index) => {
    if (!seen.has(variant.sku)) {
      seen.add(variant.sku);
      return [];
    }
    return [{ path: `body.variants.${index}.sku`, message: `${variant.sku} appears twice` }];
  });
}

const toSku = (variant: VariantInput, units: number): Sku => ({
  sku: variant.sku,
  name: variant.name,
  attributes: variant.attributes,
  price: variant.price,
  availability: availabilityOf(units),
});

/** A new product: its SKUs start with their initial stock (0 when not given). */
export function createProduct(input: NewProductInput, id: string, now: string): EditedProduct {
  const duplicates = duplicateSkus(input.variants);
  if (duplicates.length > 0)
    throw invalid('CATALOG.DUPLICATE_SKU', 'each SKU may appear once in a product', duplicates);
  const product = assembleProduct({
    id,
    slug: input.slug,
    name: input.name,
    description: input.description,
    brand: input.brand,
    categoryId: input.categoryId,
    images: input.images ?? [],
    attributes: input.attributes ?? {},
    status: input.status,
    variants: input.variants.map((variant) => toSku(variant, variant.initialStock ?? 0)),
    popularity: 0,
    createdAt: now,
    updatedAt: now,
  });
  return {
    product,
    openingStock: input.variants.map((v) => ({ sku: v.sku, onHand: v.initialStock ?? 0 })),
  };
}

/**
 * An edit. A SKU, once sold, lives on in orders, carts and the ledger, so an edit may rename, reprice and add SKUs
 * but not drop one (archive the product instead); existing SKUs keep the availability the ledger gave them, and
 * their stock moves only through adjustments.
 */
export function editProduct(current: Product, changes: ProductChanges, now: string): EditedProduct {
  const variants = changes.variants;
  const existing = new Map(current.variants.map((variant) => [variant.sku, variant]));
  if (variants) {
    const problems = duplicateSkus(variants);
    const kept = new Set(variants.map((variant) => variant.sku));
    const dropped = current.variants.filter((variant) => !kept.has(variant.sku)).map((v) => v.sku);
    if (dropped.length > 0)
      problems.push({
        path: 'body.variants',
        message: `SKUs cannot be removed (${dropped.join(', ')}); archive the product instead`,
      });
    variants.forEach((variant, index) => {
      if (existing.has(variant.sku) && variant.initialStock !== undefined)
        problems.push({
          path: `body.variants.${index}.initialStock`,
          message: `${variant.sku} already has stock: use a stock adjustment`,
        });
    });
    if (problems.length > 0)
      throw invalid('CATALOG.BAD_VARIANTS', 'these variants cannot be saved', problems);
  }
  const { variants: _, ...fields } = changes;
  const product = assembleProduct({
    ...current,
    ...fields,
    variants: variants
      ? variants.map((variant) => {
          const known = existing.get(variant.sku);
          return known
            ? { ...toSku(variant, 0), availability: known.availability }
            : toSku(variant, variant.initialStock ?? 0);
        })
      : current.variants,
    updatedAt: now,
  });
  return {
    product,
    openingStock: (variants ?? [])
      .filter((variant) => !existing.has(variant.sku))
      .map((variant) => ({ sku: variant.sku, onHand: variant.initialStock ?? 0 })),
  };
}

/** Archived products leave listings, product pages and search; nothing about them is lost. */
export const archiveProduct = (current: Product, now: string): Product =>
  assembleProduct({ ...current, status: 'archived', updatedAt: now });
