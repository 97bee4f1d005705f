import { rateLimited } from '../shared/errors.js';
import type { RateLimiter } from '../users/users.ports.js';

export const SHOPPER_EVENT_TYPES = ['product_view', 'add_to_cart'] as const;
export type ShopperEventType = (typeof SHOPPER_EVENT_TYPES)[number];

/** At most this many events per request: the storefront flushes sooner, so more is not a storefront. */
export const MAX_EVENTS_PER_BATCH = 50;
/** An event's own time may be this far in the past (a beacon sent from a tab that slept) and never in the future. */
export const MAX_EVENT_AGE_MS = 24 * 3_600_000;
/** Batches per client address per minute. */
export const EVENT_BATCHES_PER_MINUTE = 120;

/** What a storefront saw a shopper do: anonymous (a random session id the browser made), no PII. */
export interface ShopperEvent {
  type: ShopperEventType;
  productId: string;
  sessionId: string;
  at: Date;
}

export interface ShopperEventLog {
  /** All of them, or none (one statement). */
  record(events: readonly ShopperEvent[]): Promise<void>;
}

/**
 * The storefront's report of views and adds to cart: limited per client address, each event's time clamped to
 * [now - MAX_EVENT_AGE_MS, now] (a browser's clock is not trusted with the funnel's days), stored in one statement.
 */
export class ShopperEventsService {
  constructor(
    private readonly log: ShopperEventLog,
    private readonly limiter: RateLimiter,
    private readonly clock: () => number = Date.now,
  ) {}

  async record(
    batch: {
      sessionId: string;
      events: readonly { type: ShopperEventType; productId: string; at?: string }[];
    },
    clientAddress: string,
  ): Promise<number> {
    const decision = await this.limiter.hit(`events:${clientAddress}`, EVENT_BATCHES_PER_MINUTE, 60);
    if (!decision.allowed)
      throw rateLimited(
        'EVENTS.RATE_LIMITED',
        'too many event batches: slow down',
        decision.retryAfterSeconds,
      );
    const now = this.clock();
    await this.log.record(
      batch.events.map((event) => ({
        type: event.type,
        productId: event.productId,
        sessionId: batch.sessionId,
        at: new Date(clampTime(event.at, now)),
      })),
    );
    return batch.events.length;
  }
}

const clampTime = (at: string | undefined, now: number): number => {
  const given = at === undefined ? Number.NaN : Date.parse(at);
  if (Number.isNaN(given)) return now;
  return Math.min(now, Math.max(now - MAX_EVENT_AGE_MS, given));
};
