import type { AdminRole } from '../../../../domain/admin/roles.js';
import type { Money } from '../../../../web/src/lib/money';

/** The admin API's answers, as the UI reads them. */
export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
}

export interface Me {
  admin: AdminUser;
  analyticsReadFrom: 'replica' | 'primary';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ReadsFrom = 'replica' | 'primary';

export interface DayRange {
  from: string;
  to: string;
}

export interface SalesDay {
  day: string;
  currency: string;
  orders: number;
  revenue: number;
  averageOrderValue: number;
  customers: number;
}

export interface SalesReport {
  range: DayRange;
  readsFrom: ReadsFrom;
  items: SalesDay[];
  totals: { orders: number; revenue: number; averageOrderValue: number };
}

export interface Report<T> {
  range: DayRange;
  readsFrom: ReadsFrom;
  items: T[];
}

export interface TopProduct {
  productId: string;
  name: string;
  units: number;
  revenue: number;
  currency?: string;
}

export interface CustomerMixDay {
  day: string;
  newCustomers: number;
  returningCustomers: number;
}

export interface CategoryMix {
  categoryId: string;
  categoryName: string;
  orders: number;
  units: number;
  revenue: number;
  currency: string;
}

export interface FunnelDay {
  day: string;
  views: number;
  adds: number;
  checkouts: number;
  paid: number;
}

export interface FunnelReport extends Report<FunnelDay> {
  totals?: Omit<FunnelDay, 'day'>;
}

export type { ProductImage, ProductStatus } from '../../../../domain/catalog/product.js';

import type { ProductImage, ProductStatus } from '../../../../domain/catalog/product.js';

export interface ProductRow {
  id: string;
  slug: string;
  name: string;
  brand: string;
  categoryId: string;
  status: ProductStatus;
  price: Money;
  units: number;
  image: ProductImage | null;
  updatedAt: string;
}

export interface Variant {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: Money;
  initialStock?: number;
  stock?: number;
}

export interface Product {
  id: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryId: string;
  status: ProductStatus;
  images: ProductImage[];
  variants: Variant[];
  updatedAt?: string;
}

/** A product as the catalog area answers it: the product, each SKU's units on hand, and the revision to edit. */
export interface ProductView {
  product: Product;
  stock: { sku: string; units: number }[];
  revision: string;
}

export interface Category {
  id: string;
  slug: string;
  name: string;
  description?: string;
}

export interface Upload {
  uploadUrl: string;
  method: string;
  headers: Record<string, string>;
  url: string;
}

export type { OrderStatus } from '../../../../domain/orders/order.js';

import type { OrderStatus } from '../../../../domain/orders/order.js';

export interface OrderRow {
  id: string;
  status: OrderStatus;
  total: Money;
  refunded: Money;
  customer: { id: string; email: string };
  lineCount: number;
  createdAt: string;
}

export interface OrderLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface OrderDetail {
  order: {
    id: string;
    status: OrderStatus;
    lines: OrderLine[];
    subtotal: Money;
    shipping: { method: unknown; amount: Money };
    tax: { rate: string; amount: Money };
    total: Money;
    refunded: Money;
    shippingAddress: Record<string, string | null> | null;
    fulfilment: {
      carrier: string | null;
      trackingNumber: string | null;
      shippedAt: string | null;
      deliveredAt: string | null;
    };
    createdAt: string;
  };
  customer: { id: string; email: string; name: string } | null;
  events: { type: string; at: string; data: unknown }[];
  payments: {
    kind: 'charge' | 'refund';
    provider: string;
    reference: string | null;
    amount: Money;
    status: string;
    at: string;
  }[];
  actions: { ship: boolean; deliver: boolean; cancel: boolean; refundable: Money | null };
}

export interface CustomerRow {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  orders: number;
  /** Charged minus refunded; null when never charged. */
  spent: Money | null;
}

export interface CustomerDetail {
  customer: Omit<CustomerRow, 'orders' | 'spent'>;
  /** The newest 20. */
  orders: OrderRow[];
  addresses: { id: string; [field: string]: unknown }[];
}

/** One audit row, exactly as the domain records it. */
export type { AuditEntry as AuditRow } from '../../../../domain/admin/admin.js';

export interface CacheCounters {
  hits: number;
  misses: number;
  /** 0..1; null before any read. */
  hitRatio: number | null;
}

export interface ServiceHealth {
  name: string;
  url: string;
  ready: boolean;
  latencyMs: number | null;
  detail?: string | null;
  cache?: CacheCounters | null;
}

export interface Health {
  services: ServiceHealth[];
  cache: CacheCounters | null;
  outbox: Record<string, unknown> | null;
  replica: { readsFrom: ReadsFrom; lagSeconds: number | null; lagBytes: number | null } | null;
  rollups: Record<string, unknown> | null;
}

/** The search service's reindex job; `available: false` when the admin cannot reach the search service. */
export interface Reindex {
  available: boolean;
  detail?: string;
  running: boolean;
  indexed: number;
  total: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}
