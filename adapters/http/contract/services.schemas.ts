import * as z from 'zod/mini';
import { MAX_QUANTITY } from '../../../domain/cart/cart.js';
import {
  EMAIL_MAX_LENGTH,
  EMAIL_PATTERN,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../../../domain/users/user.js';
import { idOf, trimmed } from './patterns.js';

/**
 * Request and response shapes of the users, cart and orders services: they validate and they document. The checkout's
 * own (address, quote, order) are in checkout.schemas.ts.
 */
export const registerBody = z.object({
  email: z
    .string()
    .check(
      z.maxLength(EMAIL_MAX_LENGTH),
      z.regex(trimmed(EMAIL_PATTERN), 'must be an address like name@example.com'),
    ),
  password: z
    .string()
    .check(
      z.minLength(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`),
      z.maxLength(PASSWORD_MAX_LENGTH),
    ),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
});
// No address shape here: a login with any string is simply a wrong login (401), the same answer as any other.
export const loginBody = z.object({
  email: z.string().check(z.minLength(1), z.maxLength(EMAIL_MAX_LENGTH)),
  password: z.string().check(z.minLength(1), z.maxLength(PASSWORD_MAX_LENGTH)),
});

const skuText = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'));
const quantity = z
  .int('must be a whole number')
  .check(z.minimum(1, 'must be at least 1'), z.maximum(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`));
export const addItemBody = z.object({ sku: skuText, quantity });
export const setQuantityBody = z.object({ quantity });
export const skuParams = z.object({ sku: skuText });

/** The rule is checkIdempotencyKey's (domain/orders/checkout.service.ts), which the route applies. */
export const checkoutHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .check(z.minLength(1), z.maxLength(200), z.regex(/^[\x21-\x7e]+$/))
    .register(z.globalRegistry, {
      description:
        'Unique per intended order (e.g. a UUID; 1-200 visible ASCII characters); a retry with the same key returns the first answer',
    }),
});
export const orderParams = z.object({
  id: z.string().check(z.regex(idOf('ord'), 'must be an order id (ord_...)')),
});

const money = z.object({ amount: z.int(), currency: z.string() });
const user = z.object({ id: z.string(), email: z.string(), name: z.string(), createdAt: z.string() });
export const userResponse = z.object({ user });
export const cartLineSchema = z.object({
  sku: z.string(),
  productId: z.string(),
  productSlug: z.string(),
  name: z.string(),
  quantity: z.int(),
  unitPrice: money,
  lineTotal: money,
  availability: z.object({ status: z.string(), count: z.int() }),
});
export const cartResponse = z.object({
  lines: z.array(cartLineSchema),
  subtotal: money,
  itemCount: z.int(),
  version: z.int(),
  removed: z.array(z.string()),
});
