import type { FastifyInstance } from 'fastify';
import { checkoutBody, quoteQuery } from '../../adapters/http/contract/checkout.schemas.js';
import { orderParams } from '../../adapters/http/contract/services.schemas.js';
import { parseInput as parse, toProblem } from '../../adapters/http/problem.js';
import type { Logger } from '../../adapters/logs/logger.js';
import { checkoutMetrics } from '../../adapters/logs/metrics.js';
import { checkIdempotencyKey } from '../../domain/orders/checkout.service.js';
import type { Container } from '../chassis/container.js';
import { requireUser } from '../chassis/session-cookies.js';
import { shopperEventsRoutes } from './events.routes.js';

/** What became of a checkout, by the status it answered: one metric line each, for dashboards and alarms. */
function checkoutOutcome(status: number): string {
  if (status === 201) return 'confirmed';
  if (status === 202) return 'pending';
  if (status === 402) return 'declined';
  return status >= 500 ? 'failed' : 'rejected';
}

function logCheckout(logger: Logger, status: number, started: number) {
  logger.info('checkout', {
    outcome: checkoutOutcome(status),
    checkouts: 1,
    checkoutMs: Math.round((performance.now() - started) * 10) / 10,
    ...checkoutMetrics(),
  });
}

/**
 * /api/checkout, its quote and /api/orders*: always the signed-in user's own orders; anyone else's is a 404. Also
 * /api/events, the storefront's views and adds to cart (the funnel's first steps, next to its checkouts).
 */
export function ordersRoutes(container: Container) {
  return (app: FastifyInstance) => {
    shopperEventsRoutes(container)(app);
    app.post('/api/checkout', { config: { rateLimit: 'checkouts' } }, async (request, reply) => {
      const started = performance.now();
      const user = await requireUser(request, container.users);
      const key = checkIdempotencyKey(request.headers['idempotency-key'] as string | undefined);
      const body = parse(checkoutBody, request.body, 'body');
      const response = await container.checkout
        .checkout({
          userId: user.id,
          idempotencyKey: key,
          paymentToken: body.paymentToken,
          shippingMethod: body.shippingMethod,
          shippingAddress: body.shippingAddress,
          addressId: body.addressId,
        })
        .catch((error: unknown) => {
          logCheckout(container.logger, toProblem(error, request.id).status, started);
          throw error;
        });
      logCheckout(container.logger, response.status, started);
      const contentType = response.status >= 400 ? 'application/problem+json' : 'application/json';
      return reply.status(response.status).type(contentType).send(response.body);
    });
    app.get('/api/checkout/quote', async (request, reply) => {
      const user = await requireUser(request, container.users);
      const query = parse(quoteQuery, request.query, 'query');
      const quote = await container.checkout.quote({
        userId: user.id,
        shippingMethod: query.method,
        country: query.country,
        addressId: query.addressId,
      });
      // The cart, prices and availability change under it: never cached.
      return reply.header('cache-control', 'no-store').send(quote);
    });
    app.get('/api/orders', async (request) => {
      const user = await requireUser(request, container.users);
      return { items: await container.checkout.listOrders(user.id) };
    });
    app.get('/api/orders/:id', async (request) => {
      const user = await requireUser(request, container.users);
      const { id } = parse(orderParams, request.params, 'path');
      return container.checkout.getOrder(user.id, id);
    });
  };
}
