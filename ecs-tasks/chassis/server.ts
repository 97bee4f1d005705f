import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { toProblem } from '../../adapters/http/problem.js';
import type { Logger } from '../../adapters/logs/logger.js';
import { DomainError } from '../../domain/shared/errors.js';

export const BODY_LIMIT_BYTES = 16 * 1024;

function frameworkProblem(error: {
  statusCode?: number;
  code?: string;
  message: string;
}): DomainError | null {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new DomainError(
      'REQUEST.TOO_LARGE',
      'too_large',
      `the body is larger than ${BODY_LIMIT_BYTES} bytes`,
    );
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new DomainError('REQUEST.UNSUPPORTED_TYPE', 'invalid', 'send the body as application/json');
  if (
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (error.statusCode === 400 && /JSON/i.test(error.message))
  ) {
    return new DomainError('REQUEST.BAD_JSON', 'invalid', 'the body is not valid JSON');
  }
  return null;
}

/**
 * The service chassis every ECS task shares: request ids, one access-log line per request, problem+json errors,
 * a bounded body, /health and /ready, and a graceful drain on SIGTERM.
 */
export async function createServiceApp(options: {
  name: string;
  logger: Logger;
  ready: () => Promise<void>;
  routes: (app: FastifyInstance) => void | Promise<void>;
  /**
   * How many proxies stand between the internet and this task (CloudFront + ALB on AWS; the edge + ALB router
   * locally). The client address is read that many hops back in X-Forwarded-For; anything further left was
   * written by the client and is ignored.
   */
  trustedProxyHops: number;
}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: (_address: string, hop: number) => hop < options.trustedProxyHops,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  });
  await app.register(cookie);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    options.logger.info('request', {
      requestId: request.id,
      route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
    });
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const known = error instanceof DomainError ? error : frameworkProblem(error);
    const problem = toProblem(known ?? error, request.id);
    if (problem.status >= 500) options.logger.error('unhandled error', { requestId: request.id, error });
    if (known?.retryAfterSeconds) reply.header('retry-after', String(known.retryAfterSeconds));
    reply
      .status(problem.status)
      .type('application/problem+json')
      .header('cache-control', 'no-store')
      .send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .type('application/problem+json')
      .send(
        toProblem(
          new DomainError(
            'HTTP.NO_ROUTE',
            'not_found',
            `no route ${request.method} ${request.url.split('?')[0]}`,
          ),
          request.id,
        ),
      );
  });
  app.get('/health', async () => ({ status: 'ok', service: options.name }));
  app.get('/ready', async (_request, reply) => {
    try {
      await options.ready();
      return { status: 'ready', service: options.name };
    } catch (error) {
      options.logger.warn('not ready', { error: (error as Error).message });
      return reply.status(503).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'a dependency (database) is unreachable; details are in the service log',
      });
    }
  });
  await options.routes(app);
  return app;
}

/** Stops taking new connections, lets in-flight requests finish (bounded), then runs `cleanup`. */
export function drainOnSignals(
  app: FastifyInstance,
  logger: Logger,
  cleanup: () => Promise<void>,
  graceMs = 10_000,
): void {
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info('draining', { signal });
    const force = setTimeout(() => process.exit(1), graceMs);
    await app.close();
    await cleanup();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

export type { FastifyReply, FastifyRequest };
