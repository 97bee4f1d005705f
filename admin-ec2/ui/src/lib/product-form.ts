import type { ProductImage, ProductStatus, ProductView } from '../api/types';
import { attributesText, moneyInputValue, parseAttributes, parseMoneyInput } from './money-input';

/** The product form as typed: strings until saved, so a half-typed price is kept as the operator left it. */
export interface VariantDraft {
  key: string;
  sku: string;
  name: string;
  attributes: string;
  price: string;
  initialStock: string;
  /** Saved before: its stock moves by adjustments, not by this form. */
  saved: boolean;
  /** Units on hand, for saved SKUs. */
  units?: number;
}

export interface ProductDraft {
  name: string;
  slug: string;
  brand: string;
  categoryId: string;
  description: string;
  status: Exclude<ProductStatus, 'archived'>;
  currency: string;
  images: ProductImage[];
  variants: VariantDraft[];
}

let keys = 0;
export const newVariant = (): VariantDraft => ({
  key: `v${++keys}`,
  sku: '',
  name: '',
  attributes: '',
  price: '',
  initialStock: '0',
  saved: false,
});

export const emptyDraft = (): ProductDraft => ({
  name: '',
  slug: '',
  brand: '',
  categoryId: '',
  description: '',
  status: 'draft',
  currency: 'USD',
  images: [],
  variants: [newVariant()],
});

export function draftOf({ product, stock }: Pick<ProductView, 'product' | 'stock'>): ProductDraft {
  const units = new Map(stock.map((s) => [s.sku, s.units]));
  const currency = product.variants[0]?.price.currency ?? 'USD';
  return {
    name: product.name,
    slug: product.slug,
    brand: product.brand,
    categoryId: product.categoryId,
    description: product.description,
    status: product.status === 'active' ? 'active' : 'draft',
    currency,
    images: product.images.map((image) => ({ ...image })),
    variants: product.variants.map((variant) => ({
      key: `v${++keys}`,
      sku: variant.sku,
      name: variant.name,
      attributes: attributesText(variant.attributes),
      price: moneyInputValue(variant.price.amount, variant.price.currency),
      initialStock: '',
      saved: true,
      units: units.get(variant.sku) ?? 0,
    })),
  };
}

/** "Red Running Shoes!" as "red-running-shoes". */
export const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

/**
 * The API body, or the problems by field path (`variants.0.price`) when the form is not ready to save. The slug is
 * chosen once, at creation: an edit leaves it out.
 */
export function productBody(
  draft: ProductDraft,
  editing = false,
): { body: Record<string, unknown>; problems: null } | { body: null; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  if (!draft.name.trim()) problems.name = 'Enter the product name.';
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(draft.slug))
    problems.slug = 'Use lower-case letters, digits and single dashes, e.g. red-running-shoes.';
  if (!draft.brand.trim()) problems.brand = 'Enter the brand.';
  if (!draft.categoryId) problems.categoryId = 'Choose a category.';
  if (draft.variants.length === 0) problems.variants = 'Add at least one variant (SKU).';
  draft.images.forEach((image, index) => {
    if (!image.alt.trim())
      problems[`images.${index}.alt`] = 'Describe the picture for people who cannot see it.';
  });
  const seen = new Set<string>();
  const variants = draft.variants.map((variant, index) => {
    const at = `variants.${index}`;
    const sku = variant.sku.trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(sku)) problems[`${at}.sku`] = 'Letters, digits, - and _ only.';
    else if (seen.has(sku)) problems[`${at}.sku`] = 'Each SKU once.';
    seen.add(sku);
    if (!variant.name.trim()) problems[`${at}.name`] = 'Name the variant, e.g. "Red, size 42".';
    const attributes = parseAttributes(variant.attributes);
    if (!attributes) problems[`${at}.attributes`] = 'Write key=value pairs separated by commas.';
    const amount = parseMoneyInput(variant.price, draft.currency);
    if (amount === null) problems[`${at}.price`] = `Enter a price in ${draft.currency}, e.g. 19.99.`;
    const stock = Number(variant.initialStock || '0');
    if (!variant.saved && (!/^\d*$/.test(variant.initialStock) || stock > 1_000_000))
      problems[`${at}.initialStock`] = 'A whole number of units, 0 or more.';
    return {
      sku,
      name: variant.name.trim(),
      attributes: attributes ?? {},
      price: { amount: amount ?? 0, currency: draft.currency },
      ...(variant.saved ? {} : { initialStock: stock }),
    };
  });
  if (Object.keys(problems).length > 0) return { body: null, problems };
  return {
    body: {
      name: draft.name.trim(),
      ...(editing ? {} : { slug: draft.slug }),
      brand: draft.brand.trim(),
      categoryId: draft.categoryId,
      description: draft.description.trim(),
      status: draft.status,
      images: draft.images.map((image) => ({ url: image.url, alt: image.alt.trim() })),
      variants,
    },
    problems: null,
  };
}
