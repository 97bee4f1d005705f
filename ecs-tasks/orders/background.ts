import * as z from 'zod/mini';
import type { Logger } from '../../adapters/logs/logger.js';
import { orderSweepFields } from '../../adapters/logs/metrics.js';
import { applyStock } from '../../domain/catalog/apply-stock.use-case.js';
import type { CheckoutService } from '../../domain/orders/checkout.service.js';
import { OutboxRelay } from '../../domain/orders/outbox-relay.js';
import type { Container } from '../chassis/container.js';

const confirmed = z.object({ orderId: z.string(), userId: z.string() });
const stockChanged = z.object({ skus: z.array(z.string()) });

/** The outbox's consumers: a confirmed order empties the cart; a stock move updates the catalog's availability. */
export function outboxRelay(container: Container, logger: Logger): OutboxRelay {
  return new OutboxRelay(
    container.outbox,
    {
      // Only what the order bought leaves the cart: lines added while the checkout ran stay.
      'order.confirmed': async (payload) => {
        const { orderId, userId } = confirmed.parse(payload);
        const order = await container.checkout.getOrder(userId, orderId);
        await container.carts.removePurchased(userId, orderId, order.lines);
      },
      'stock.changed': async (payload) => {
        await applyStock(
          stockChanged.parse(payload).skus,
          container.inventory,
          container.catalogRepository,
          container.catalog,
        );
      },
    },
    (message, error) =>
      logger.warn('outbox delivery failed, will retry', {
        id: message.id,
        topic: message.topic,
        error: (error as Error).message,
      }),
  );
}

/**
 * One pass of the sweeper: resolves stale PENDING orders and, when it found any, writes what became of them as the
 * `orderSweep` metrics (an order it could not decide is counted again on every pass until it is decided).
 */
export async function sweepPendingOrders(
  checkout: Pick<CheckoutService, 'recover'>,
  logger: Logger,
  olderThanMs: number,
): Promise<void> {
  const result = await checkout.recover(olderThanMs);
  if (result.confirmed + result.failed + result.undecided > 0)
    logger.info('order sweep', orderSweepFields(result));
}

/** Relays the outbox every second and sweeps stale PENDING orders every 30 s; returns a stop function. */
export function startBackgroundWork(container: Container, logger: Logger, sweepAfterMs = 60_000): () => void {
  const relay = outboxRelay(container, logger);
  let busy = false;
  const relayTimer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      while ((await relay.drain()) > 0) {}
    } catch (error) {
      logger.warn('outbox relay pass failed', { error: (error as Error).message });
    } finally {
      busy = false;
    }
  }, 1000);
  const sweepTimer = setInterval(async () => {
    try {
      await sweepPendingOrders(container.checkout, logger, sweepAfterMs);
    } catch (error) {
      logger.warn('order sweep failed', { error: (error as Error).message });
    }
  }, 30_000);
  return () => {
    clearInterval(relayTimer);
    clearInterval(sweepTimer);
  };
}
