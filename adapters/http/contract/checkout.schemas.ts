import * as z from 'zod/mini';
import {
  ADDRESS_LIMITS,
  ADDRESS_TEXT_PATTERN,
  OPTIONAL_ADDRESS_TEXT_PATTERN,
  POSTAL_CODE_PATTERN,
} from '../../../domain/orders/address.js';
import { MAX_SAVED_ADDRESSES } from '../../../domain/orders/address-book.js';
import { ORDER_STATUSES } from '../../../domain/orders/order.js';
import { SHIPPING_COUNTRIES, SHIPPING_METHODS } from '../../../domain/orders/shipping.js';
import { idOf, trimmed } from './patterns.js';
import { cartLineSchema } from './services.schemas.js';

/**
 * The checkout contract (docs/checkout-contract.md): the address, the shipping method, the quote, saved addresses and
 * the order they make. Every rule comes from domain/orders, which applies the same ones again.
 */

const COUNTRY_LIST = SHIPPING_COUNTRIES.join(', ');
const METHOD_LIST = SHIPPING_METHODS.join(', ');

const requiredText = (max: number, description: string) =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(max),
      z.regex(ADDRESS_TEXT_PATTERN, 'must not be blank or hold control characters'),
    )
    .register(z.globalRegistry, { description: `${description} (1-${max} characters, trimmed)` });

const optionalText = (max: number, description: string) =>
  z.optional(
    z
      .string()
      .check(z.maxLength(max), z.regex(OPTIONAL_ADDRESS_TEXT_PATTERN, 'must not hold control characters'))
      .register(z.globalRegistry, {
        description: `${description} (at most ${max} characters, trimmed; blank means none)`,
      }),
  );

const country = () =>
  z.enum(SHIPPING_COUNTRIES, { error: `must be one of ${COUNTRY_LIST} (ISO 3166-1 alpha-2, upper case)` });
const shippingMethod = () => z.enum(SHIPPING_METHODS, { error: `must be one of ${METHOD_LIST}` });
/** A fresh schema per use: each use carries its own description. */
const addressIdText = () => z.string().check(z.regex(idOf('adr'), 'must be a saved address id (adr_...)'));

/** An address to ship to, as the client sends it (domain/orders/address.ts trims and checks it again). */
export const shippingAddressBody = z.object({
  name: requiredText(ADDRESS_LIMITS.name, 'Who receives the parcel'),
  line1: requiredText(ADDRESS_LIMITS.line1, 'Street and number'),
  line2: optionalText(ADDRESS_LIMITS.line2, 'Apartment, suite, building'),
  city: requiredText(ADDRESS_LIMITS.city, 'City or town'),
  region: optionalText(ADDRESS_LIMITS.region, 'State, province or county'),
  postalCode: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(ADDRESS_LIMITS.postalCode),
      z.regex(trimmed(POSTAL_CODE_PATTERN), 'letters, digits, spaces and hyphens, e.g. 10115 or SW1A 1AA'),
    )
    .register(z.globalRegistry, {
      description: `Postal code (1-${ADDRESS_LIMITS.postalCode} characters: letters, digits, spaces, hyphens)`,
    }),
  country: country().register(z.globalRegistry, {
    description: `Where the shop ships: ${COUNTRY_LIST} (ISO 3166-1 alpha-2, upper case)`,
  }),
});

const paymentToken = z
  .string()
  .check(z.minLength(1), z.maxLength(100), z.regex(/^tok_[a-z0-9_]+$/, 'a card token such as tok_visa'));

/**
 * POST /api/checkout. Exactly one of `shippingAddress` and `addressId`: JSON Schema in this document cannot say
 * "one of two optional properties" in a shape every client generator reads, so that rule is the use case's (422).
 */
export const checkoutBody = z.object({
  paymentToken,
  shippingMethod: shippingMethod().register(z.globalRegistry, {
    description: `How to ship: ${METHOD_LIST} (prices from GET /api/checkout/quote)`,
  }),
  shippingAddress: z.optional(shippingAddressBody).register(z.globalRegistry, {
    description: 'The address to ship to (or addressId, not both; neither or both is a 422)',
  }),
  addressId: z.optional(
    addressIdText().register(z.globalRegistry, {
      description: 'One of your saved addresses (GET /api/addresses), instead of shippingAddress',
      // Only the server makes valid ones: an id that is well formed but not one of yours is a 404.
      'x-opaque': true,
    }),
  ),
});

/** GET /api/checkout/quote: `country` or `addressId`, exactly one (neither or both is a 422). */
export const quoteQuery = z.object({
  method: shippingMethod().register(z.globalRegistry, { description: `Shipping method: ${METHOD_LIST}` }),
  country: z.optional(
    country().register(z.globalRegistry, {
      description: `Country to ship to: ${COUNTRY_LIST} (or addressId, not both)`,
    }),
  ),
  addressId: z.optional(
    addressIdText().register(z.globalRegistry, {
      description: 'A saved address of yours, whose country is used (or country, not both)',
      'x-opaque': true,
    }),
  ),
});

export const addressParams = z.object({
  id: addressIdText().register(z.globalRegistry, { description: 'A saved address id (adr_...)' }),
});

const money = z.object({ amount: z.int(), currency: z.string() });
const addressFields = {
  name: z.string(),
  line1: z.string(),
  line2: z.optional(z.string()),
  city: z.string(),
  region: z.optional(z.string()),
  postalCode: z.string(),
  country: z.string(),
};
export const shippingAddressResponse = z.object(addressFields);
export const savedAddressResponse = z.object({ id: z.string(), ...addressFields, createdAt: z.string() });
export const addressListResponse = z
  .object({ items: z.array(savedAddressResponse) })
  .register(z.globalRegistry, { description: `Newest first; at most ${MAX_SAVED_ADDRESSES}` });

const tax = z.object({
  rate: z.string().register(z.globalRegistry, { description: 'The rate applied, a decimal string ("0.19")' }),
  amount: money,
});

export const quoteResponse = z.object({
  lines: z.array(cartLineSchema),
  subtotal: money,
  shipping: z.object({ method: z.enum(SHIPPING_METHODS), amount: money, free: z.boolean() }),
  tax,
  total: money,
});

export const orderResponse = z.object({
  id: z.string(),
  status: z.enum(ORDER_STATUSES).register(z.globalRegistry, {
    description:
      'PENDING until the bank answers, then FAILED or CONFIRMED (paid); then SHIPPED and DELIVERED, or CANCELLED',
  }),
  lines: z.array(
    z.object({
      sku: z.string(),
      productId: z.string(),
      name: z.string(),
      unitPrice: money,
      quantity: z.int(),
      lineTotal: money,
    }),
  ),
  subtotal: money,
  shipping: z.object({ method: z.enum(SHIPPING_METHODS), amount: money }),
  tax,
  total: money,
  shippingAddress: z.nullable(shippingAddressResponse),
  /** What went back to the card (refunds that went through). */
  refunded: z.optional(money),
  fulfilment: z.optional(
    z.object({
      carrier: z.nullable(z.string()),
      trackingNumber: z.nullable(z.string()),
      shippedAt: z.nullable(z.string()),
      deliveredAt: z.nullable(z.string()),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const orderListResponse = z.object({ items: z.array(orderResponse) });
