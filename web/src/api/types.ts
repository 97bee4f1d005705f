import type { Money } from '../lib/money';

/** Response shapes of the shop's API (adapters/http/contract/*.schemas.ts and docs/checkout-contract.md). */
export type StockStatus = 'in_stock' | 'low' | 'sold_out';
export interface Availability {
  status: StockStatus;
  count: number;
}
export interface Image {
  url: string;
  alt: string;
}

export interface Category {
  id: string;
  slug: string;
  name: string;
  description: string;
}

export interface ProductSummary {
  id: string;
  slug: string;
  name: string;
  brand: string;
  categoryId: string;
  image: Image | null;
  price: Money;
  availability: Availability;
}

export interface ProductPage {
  items: ProductSummary[];
  nextCursor: string | null;
}

export interface Variant {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: Money;
  availability: Availability;
}

export interface Product extends Omit<ProductSummary, 'image'> {
  description: string;
  images: Image[];
  attributes: Record<string, string>;
  variants: Variant[];
}

export interface SearchItem extends ProductSummary {
  categoryName: string;
  highlights: { name?: string; description?: string };
}
export interface FacetCount {
  value: string;
  count: number;
}
export interface PriceFacet {
  from: number | null;
  to: number | null;
  count: number;
}
export interface Facets {
  category: FacetCount[];
  brand: FacetCount[];
  price: PriceFacet[];
  attributes: Record<string, FacetCount[]>;
}
export interface SearchResult {
  items: SearchItem[];
  total: number;
  page: number;
  limit: number;
  facets: Facets;
}
export interface Suggestion {
  text: string;
  slug?: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface CartLine {
  sku: string;
  productId: string;
  productSlug: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  availability: { status: string; count: number };
}
export interface Cart {
  lines: CartLine[];
  subtotal: Money;
  itemCount: number;
  version: number;
  removed: string[];
}

export const SHIPPING_COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'SE', 'AU', 'JP'] as const;
export type ShippingMethod = 'standard' | 'express';

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
}
export interface SavedAddress extends ShippingAddress {
  id: string;
  createdAt: string;
}

export interface Quote {
  lines: CartLine[];
  subtotal: Money;
  shipping: { method: ShippingMethod; amount: Money; free: boolean };
  tax: { rate: string; amount: Money };
  total: Money;
}

/** After CONFIRMED (paid): SHIPPED then DELIVERED, or CANCELLED (refunded) instead of shipping. */
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'FAILED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';
export interface OrderFulfilment {
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
}
export interface OrderLine {
  sku: string;
  productId: string;
  name: string;
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
}
export interface Order {
  id: string;
  status: OrderStatus;
  lines: OrderLine[];
  /** The fields below arrive with the checkout contract; orders from before it may lack them. */
  subtotal?: Money;
  shipping?: { method: ShippingMethod; amount: Money };
  tax?: { rate: string; amount: Money };
  total: Money;
  shippingAddress?: ShippingAddress | null;
  /** What went back to the card so far (absent: nothing, or a server from before refunds). */
  refunded?: Money;
  fulfilment?: OrderFulfilment;
  createdAt: string;
  updatedAt: string;
}
