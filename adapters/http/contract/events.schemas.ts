import * as z from 'zod/mini';
import { MAX_EVENTS_PER_BATCH, SHOPPER_EVENT_TYPES } from '../../../domain/analytics/shopper-events.js';
import { idOf } from './patterns.js';

/** The storefront's batch of view and add-to-cart events (POST /api/events): anonymous, no cookies needed. */
export const shopperEventsBody = z.object({
  sessionId: z
    .string()
    .check(
      z.regex(
        /^[A-Za-z0-9_-]{16,64}$/,
        'a random id the browser made for this visit (16-64 of A-Z a-z 0-9 - _)',
      ),
    ),
  events: z
    .array(
      z.object({
        type: z.enum(SHOPPER_EVENT_TYPES),
        productId: z.string().check(z.regex(idOf('prd'), 'must be a product id (prd_...)')),
        /** When it happened, by the browser's clock; kept within the last day, never in the future. */
        at: z.optional(z.iso.datetime({ offset: true })),
      }),
    )
    .check(
      z.minLength(1, 'send at least one event'),
      z.maxLength(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per request`),
    ),
});

export const shopperEventsResponse = z.object({ accepted: z.int() });
