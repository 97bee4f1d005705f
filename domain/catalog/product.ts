import { invalid } from '../shared/errors.js';
import type { Money } from '../shared/money.js';
import { type Availability, combinedAvailability } from './availability.js';

export type ProductStatus = 'draft' | 'active' | 'archived';

export interface ProductImage {
  url: string;
  alt: string;
}

/** A sellable variant: what goes into a cart and what the stock ledger counts. */
export interface Sku {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: Money;
  availability: Availability;
}

export interface Product {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId: string;
  images: ProductImage[];
  attributes: Record<string, string>;
  status: ProductStatus;
  variants: Sku[];
  /** Lowest variant price: what listings show and sort by. */
  price: Money;
  availability: Availability;
  /** Higher sells more; listings sort by it. */
  popularity: number;
  createdAt: string;
  updatedAt: string;
}

/** What a listing page carries per product: enough for a product card, nothing more. */
export interface ProductSummary {
  id: string;
  slug: string;
  name: string;
  brand: string;
  categoryId: string;
  image: ProductImage | null;
  price: Money;
  availability: Availability;
  popularity: number;
  createdAt: string;
}

export interface Category {
  id: string;
  slug: string;
  name: string;
  description: string;
}

export const summarize = (product: Product): ProductSummary => ({
  id: product.id,
  slug: product.slug,
  name: product.name,
  brand: product.brand,
  categoryId: product.categoryId,
  image: product.images[0] ?? null,
  price: product.price,
  availability: product.availability,
  popularity: product.popularity,
  createdAt: product.createdAt,
});

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export type ProductDraft = Omit<Product, 'price' | 'availability'>;

/** Derives what a product shows from its variants, refusing a product no one could buy or price. */
export function assembleProduct(draft: ProductDraft): Product {
  const [first, ...rest] = draft.variants;
  if (!first) throw invalid('CATALOG.NO_VARIANTS', `product ${draft.id} needs at least one SKU`);
  if (!SLUG_PATTERN.test(draft.slug))
    throw invalid('CATALOG.BAD_SLUG', `"${draft.slug}" is not a valid slug`);
  const currency = first.price.currency;
  if (rest.some((variant) => variant.price.currency !== currency)) {
    throw invalid('CATALOG.MIXED_CURRENCY', `product ${draft.id} prices its SKUs in more than one currency`);
  }
  const cheapest = draft.variants.reduce((low, variant) =>
    variant.price.amount < low.price.amount ? variant : low,
  );
  return {
    ...draft,
    price: cheapest.price,
    availability: combinedAvailability(draft.variants.map((variant) => variant.availability)),
  };
}
