import * as z from 'zod/mini';
import { ORDER_STATUSES } from '../../domain/orders/order.js';
import { CURRENCIES, type Currency } from '../../domain/shared/money.js';
import { day, pageSize } from '../shared/query-schemas.js';

const isCalendarDay = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};
const calendarDay = day.check(z.refine(isCalendarDay, 'a real calendar day'));
const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

export const ordersQuery = z.object({
  status: z.optional(z.enum(ORDER_STATUSES)),
  from: z.optional(calendarDay),
  to: z.optional(calendarDay),
  /** An email or a user id (usr_...). */
  customer: z.optional(text(1, 254)),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: pageSize(50),
});

/** Any id shape is looked up: an id that is not there is a 404, whatever it looks like. */
export const orderParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

export const shipBody = z.object({
  carrier: text(2, 60),
  trackingNumber: z
    .string()
    .check(
      z.trim(),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9 -]{2,59}$/, '3 to 60 letters, digits, spaces or dashes'),
    ),
});

export const deliverBody = z.optional(z.object({}));

export const cancelBody = z.object({ reason: text(3, 200) });

const currency = z.enum(Object.keys(CURRENCIES) as [Currency, ...Currency[]]);

export const refundBody = z.object({
  amount: z.object({ amount: z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)), currency }),
  reason: text(3, 200),
  restock: z._default(
    z
      .array(z.object({ sku: text(1, 64), quantity: z.int().check(z.minimum(1), z.maximum(99)) }))
      .check(z.maxLength(100)),
    [],
  ),
});
