import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rateLimited } from '../../../domain/shared/errors.js';
import type { RateLimiter } from '../../../domain/users/users.ports.js';

/**
 * How hard a route may be called per client address, declared next to the route (`config: { rateLimit: ... }`);
 * a route that declares nothing is `reads` for GET and HEAD and `writes` for every other method.
 */
export type RateClass = 'reads' | 'writes' | 'checkouts';

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RateClass;
  }
}

/** Requests per client address per route per minute, by class (the services' RATE_LIMIT_*_PER_MINUTE). */
export type RouteRateLimits = Record<RateClass, number>;

export const routeRateLimitsFrom = (config: {
  RATE_LIMIT_READS_PER_MINUTE: number;
  RATE_LIMIT_WRITES_PER_MINUTE: number;
  RATE_LIMIT_CHECKOUTS_PER_MINUTE: number;
}): RouteRateLimits => ({
  reads: config.RATE_LIMIT_READS_PER_MINUTE,
  writes: config.RATE_LIMIT_WRITES_PER_MINUTE,
  checkouts: config.RATE_LIMIT_CHECKOUTS_PER_MINUTE,
});

const classOf = (request: FastifyRequest): RateClass =>
  request.routeOptions.config.rateLimit ??
  (request.method === 'GET' || request.method === 'HEAD' ? 'reads' : 'writes');

/**
 * A token bucket per client address (request.ip, read the trusted hops back) and route template, checked before
 * the body is read: a refused request costs one limiter call and is a 429 problem with Retry-After. Only the public
 * /api/ routes count: health checks and /internal/ routes (inside the VPC) never do.
 */
export function limitRequestsPerRoute(app: FastifyInstance, limiter: RateLimiter, limits: RouteRateLimits) {
  app.addHook('onRequest', async (request) => {
    const template = request.routeOptions.url;
    if (!template?.startsWith('/api/')) return;
    const rateClass = classOf(request);
    const decision = await limiter.hit(
      `route:${request.method} ${template}:${request.ip}`,
      limits[rateClass],
      60,
    );
    if (!decision.allowed)
      throw rateLimited(
        'REQUEST.TOO_MANY',
        `too many requests to ${request.method} ${template} from your address: wait ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
      );
  });
}
