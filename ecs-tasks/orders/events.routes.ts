import type { FastifyInstance } from 'fastify';
import { shopperEventsBody } from '../../adapters/http/contract/events.schemas.js';
import { parseInput as parse } from '../../adapters/http/problem.js';
import type { Container } from '../chassis/container.js';

/**
 * POST /api/events: the storefront's views and adds to cart, for the admin's funnel. Reads no cookie; bounded by the
 * chassis' 16 KiB body limit, 50 events a batch and a rate per client address.
 */
export function shopperEventsRoutes(container: Pick<Container, 'shopperEvents'>) {
  return (app: FastifyInstance) => {
    app.post('/api/events', async (request, reply) => {
      const body = parse(shopperEventsBody, request.body, 'body');
      const accepted = await container.shopperEvents.record(body, request.ip);
      return reply.status(202).header('cache-control', 'no-store').send({ accepted });
    });
  };
}
