import type { Money } from '../shared/money.js';
import type { ShippingAddress } from './address.js';
import type { ShippingMethod } from './shipping.js';

/**
 * PENDING until the card network answers; then FAILED, or CONFIRMED (paid), which the shop fulfils: SHIPPED, then
 * DELIVERED; or CANCELLED instead of shipping (domain/orders/fulfilment.ts has the rules).
 */
export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'FAILED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLine {
  sku: string;
  productId: string;
  name: string;
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
}

export interface OrderShipping {
  method: ShippingMethod;
  amount: Money;
}

export interface OrderTax {
  /** The rate applied, a decimal string ("0.19"). */
  rate: string;
  amount: Money;
}

/** Where the parcel went: set when the order ships, completed when it arrives. */
export interface OrderFulfilment {
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
}

export interface Order {
  id: string;
  status: OrderStatus;
  lines: OrderLine[];
  /** The lines' total. */
  subtotal: Money;
  shipping: OrderShipping;
  tax: OrderTax;
  /** subtotal + shipping + tax: what the card is charged. */
  total: Money;
  /** The address as used at checkout (also when it was given by id); null for orders placed before addresses. */
  shippingAddress: ShippingAddress | null;
  /** What went back to the card so far (refunds that went through), where the store reads it. */
  refunded?: Money;
  fulfilment?: OrderFulfilment;
  createdAt: string;
  updatedAt: string;
}

/** What an idempotent request returns again on replay: the first answer, byte for byte. */
export interface StoredResponse {
  status: number;
  body: unknown;
}
