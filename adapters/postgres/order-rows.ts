import * as z from 'zod/mini';
import type { ShippingAddress } from '../../domain/orders/address.js';
import { ORDER_STATUSES, type Order } from '../../domain/orders/order.js';
import { SHIPPING_COUNTRIES, SHIPPING_METHODS } from '../../domain/orders/shipping.js';
import { normalizeRate } from '../../domain/orders/tax.js';
import { type Currency, money } from '../../domain/shared/money.js';

/**
 * Rows of orders and their lines parsed into the Order the storefront gets, every status included.
 * (orders.postgres.adapter.ts keeps its own copy for now, which knows only the statuses before fulfilment: it should
 * use this one.)
 */

/** bigint and numeric arrive as strings (pg) or numbers (PGlite). */
export const minorUnits = z.pipe(
  z.union([z.number(), z.string(), z.bigint()]),
  z.transform((v) => Number(v)),
);
export const iso = (value: Date | string) => new Date(value).toISOString();
export const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));
export const orderStatus = z.enum(ORDER_STATUSES);

const rate = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((v) => normalizeRate(v)),
);
const optionalText = z.optional(z.string());
const storedAddress = z.nullable(
  z.object({
    name: z.string(),
    line1: z.string(),
    line2: optionalText,
    city: z.string(),
    region: optionalText,
    postalCode: z.string(),
    country: z.enum(SHIPPING_COUNTRIES),
  }),
);

/** The address as stored, in the order its fields are always shown (optional lines absent, not null). */
function toAddress(value: unknown): ShippingAddress | null {
  const parsed = storedAddress.parse(value);
  if (!parsed) return null;
  const { name, line1, line2, city, region, postalCode, country } = parsed;
  return {
    name,
    line1,
    ...(line2 === undefined ? {} : { line2 }),
    city,
    ...(region === undefined ? {} : { region }),
    postalCode,
    country,
  };
}

export interface OrderRow {
  id: string;
  status: string;
  currency: string;
  total_amount: unknown;
  subtotal_amount: unknown;
  shipping_method: string;
  shipping_amount: unknown;
  tax_rate: unknown;
  tax_amount: unknown;
  shipping_address: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface OrderLineRow {
  sku: string;
  product_id: string;
  name: string;
  unit_amount: number;
  quantity: number;
}

/** One order row and its lines (in SKU order) as the storefront's Order. */
export function toOrder(row: OrderRow, lines: readonly OrderLineRow[]): Order {
  const currency = row.currency as Currency;
  return {
    id: row.id,
    status: orderStatus.parse(row.status),
    lines: lines.map((l) => ({
      sku: l.sku,
      productId: l.product_id,
      name: l.name,
      unitPrice: money(l.unit_amount, currency),
      quantity: l.quantity,
      lineTotal: money(l.unit_amount * l.quantity, currency),
    })),
    subtotal: money(minorUnits.parse(row.subtotal_amount), currency),
    shipping: {
      method: z.enum(SHIPPING_METHODS).parse(row.shipping_method),
      amount: money(minorUnits.parse(row.shipping_amount), currency),
    },
    tax: { rate: rate.parse(row.tax_rate), amount: money(minorUnits.parse(row.tax_amount), currency) },
    total: money(minorUnits.parse(row.total_amount), currency),
    shippingAddress: toAddress(row.shipping_address),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
