import * as z from 'zod/mini';

/** Request and response shapes of the users, cart and orders services: they validate and they document. */
export const registerBody = z.object({
  email: z.string().check(z.minLength(3), z.maxLength(254)),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
});
export const loginBody = z.object({
  email: z.string().check(z.minLength(1), z.maxLength(254)),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});

const skuText = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'));
const quantity = z
  .int('must be a whole number')
  .check(z.minimum(1, 'must be at least 1'), z.maximum(99, 'must be at most 99'));
export const addItemBody = z.object({ sku: skuText, quantity });
export const setQuantityBody = z.object({ quantity });
export const skuParams = z.object({ sku: skuText });

export const checkoutBody = z.object({
  paymentToken: z
    .string()
    .check(z.minLength(1), z.maxLength(100), z.regex(/^tok_[a-z0-9_]+$/, 'a card token such as tok_visa')),
});
export const orderParams = z.object({ id: z.string().check(z.maxLength(40)) });

const money = z.object({ amount: z.int(), currency: z.string() });
const user = z.object({ id: z.string(), email: z.string(), name: z.string(), createdAt: z.string() });
export const userResponse = z.object({ user });
export const cartResponse = z.object({
  lines: z.array(
    z.object({
      sku: z.string(),
      productId: z.string(),
      productSlug: z.string(),
      name: z.string(),
      quantity: z.int(),
      unitPrice: money,
      lineTotal: money,
      availability: z.object({ status: z.string(), count: z.int() }),
    }),
  ),
  subtotal: money,
  itemCount: z.int(),
  version: z.int(),
  removed: z.array(z.string()),
});
export const orderResponse = z.object({
  id: z.string(),
  status: z.enum(['PENDING', 'CONFIRMED', 'FAILED']),
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
  total: money,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const orderListResponse = z.object({ items: z.array(orderResponse) });
