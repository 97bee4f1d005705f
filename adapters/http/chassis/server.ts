import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/shared/errors.js';
import type { RateLimiter } from '../../../domain/users/users.ports.js';
import type { Logger } from '../../logs/logger.js';
import { accessMetrics } from '../../logs/metrics.js';
import {
  acceptedRequestId,
  type RequestContext,
  requestContextFrom,
  runWithRequestContext,
} from '../../logs/request-context.js';
import { answerClientError } from '../client-error.js';
import { domainErrorOf, kindForStatus, toProblem } from '../problem.js';
import { allowOrigins } from './cors.js';
import { drainRejectedBodies } from './drain-rejected-bodies.js';
import { limitRequestsPerRoute, type RouteRateLimits } from './rate-limit.js';
import { SERVICE_SECURITY_HEADERS } from './security-headers.js';

export const BODY_LIMIT_BYTES = 16 * 1024;

/** What the client did wrong, per framework error code; the status (and so the kind) is the framework's own. */
const FRAMEWORK_REJECTIONS: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'REQUEST.TOO_LARGE',
    detail: `the body is larger than ${BODY_LIMIT_BYTES} bytes`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'REQUEST.UNSUPPORTED_TYPE',
    detail: 'send the body as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'REQUEST.BAD_JSON',
    detail: 'the body is not valid JSON (it is empty)',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'REQUEST.BAD_JSON', detail: 'the body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'REQUEST.BAD_CONTENT_LENGTH',
    detail: 'the body is not as long as its Content-Length says',
  },
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: {
    code: 'REQUEST.MISSING_CONTENT_TYPE',
    detail: 'send a Content-Type header with the body',
  },
  FST_ERR_BAD_URL: { code: 'REQUEST.BAD_URL', detail: 'the URL is not valid: check its percent-encoding' },
  FST_ERR_INVALID_URL: { code: 'REQUEST.BAD_URL', detail: 'the URL is not valid' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'REQUEST.URI_TOO_LONG', detail: 'a path segment is too long' },
};

type FrameworkError = Error & { statusCode?: number; code?: string };

/**
 * A request the framework refused before any route ran, as a problem with the framework's own 4xx status. Only
 * fastify's errors (and its JSON parser's) count: a dependency's error that happens to carry a 4xx status is our
 * bug, and stays a 500.
 */
function frameworkRejection(error: FrameworkError): DomainError | null {
  const status = error.statusCode ?? 0;
  if (status < 400 || status > 499) return null;
  const fromBodyParser = error.name === 'SyntaxError';
  if (!error.code?.startsWith('FST_ERR_') && !fromBodyParser) return null;
  const known = fromBodyParser
    ? FRAMEWORK_REJECTIONS.FST_ERR_CTP_INVALID_JSON_BODY!
    : (FRAMEWORK_REJECTIONS[error.code!] ?? { code: 'REQUEST.REJECTED', detail: error.message });
  return new DomainError(known.code, kindForStatus(status) ?? 'invalid', known.detail);
}

/**
 * The methods each registered path answers, so that a known path with another method is a 405 with an Allow
 * header rather than a 404 (fastify's router only knows "no route").
 */
function routeTable() {
  const routes: { matches: RegExp; method: string }[] = [];
  return {
    add(url: string, methods: string | string[]) {
      const source = url
        .split('/')
        .map((segment) =>
          segment.startsWith(':')
            ? '[^/]*'
            : segment === '*'
              ? '.*'
              : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/');
      for (const method of [methods].flat()) routes.push({ matches: new RegExp(`^${source}$`), method });
    },
    methodsAt(path: string): string[] {
      return [
        ...new Set(routes.filter((route) => route.matches.test(path)).map((route) => route.method)),
      ].sort();
    },
  };
}

const pathOf = (url: string) => url.split('?')[0]!;

/**
 * The service chassis every ECS task shares: request ids, one access-log line per request, problem+json errors,
 * a bounded body, /health and /ready, and a graceful drain on SIGTERM.
 */
export async function createServiceApp(options: {
  name: string;
  logger: Logger;
  ready: () => Promise<void>;
  /** Counters a ready answer carries for the admin's health page (e.g. cache hits and misses); nothing secret. */
  metrics?: () => Record<string, unknown>;
  routes: (app: FastifyInstance) => void | Promise<void>;
  /**
   * How many proxies stand between the internet and this task (CloudFront + ALB on AWS; the edge + ALB router
   * locally). The client address is read that many hops back in X-Forwarded-For; anything further left was
   * written by the client and is ignored.
   */
  trustedProxyHops: number;
  /** Per-route rate limits per client address and the CORS allow-list (the shop's services; not the admin). */
  protections?: { limiter: RateLimiter; limits: RouteRateLimits; allowedOrigins: readonly string[] };
}): Promise<FastifyInstance> {
  const routes = routeTable();
  const sendProblem = (error: FrameworkError, request: FastifyRequest, reply: FastifyReply) => {
    const known = domainErrorOf(error) ?? frameworkRejection(error);
    const problem = toProblem(known ?? error, request.id);
    if (problem.status >= 500)
      // A dependency that said it is unavailable (503) is an outage to watch, not a bug to fix.
      options.logger[known ? 'warn' : 'error'](known ? 'dependency unavailable' : 'unhandled error', {
        requestId: request.id,
        error,
      });
    if (known?.retryAfterSeconds) reply.header('retry-after', String(known.retryAfterSeconds));
    reply
      .status(problem.status)
      .header('x-request-id', request.id)
      .type('application/problem+json')
      .header('cache-control', 'no-store')
      .send(problem);
  };
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: (_address: string, hop: number) => hop < options.trustedProxyHops,
    genReqId: (request) => acceptedRequestId(request.headers['x-request-id'] as string) ?? randomUUID(),
    return503OnClosing: true,
    // Path parameters are the schemas' to judge (400 naming the field), not cut off by the router with a 414;
    // Node's 16 KiB limit on the request line and headers (431) bounds them instead.
    routerOptions: { maxParamLength: 16 * 1024 },
    frameworkErrors: sendProblem,
    clientErrorHandler: answerClientError,
  });
  // Bodies are JSON; without this, fastify would hand a text/plain body to the routes as a string.
  app.removeContentTypeParser('text/plain');
  await app.register(cookie);
  drainRejectedBodies(app);
  app.addHook('onRoute', (route) => routes.add(route.url, route.method));
  // Every hook and handler after this one runs inside the request's context (request id, trace, user), so every
  // line they log and every call they make carries it. Registered first, callback style: `done` runs the rest.
  // Reading the body happens on the socket's events, outside that context: preValidation re-enters it.
  const contexts = new WeakMap<FastifyRequest, { context: RequestContext; scope: AsyncResource }>();
  app.addHook('onRequest', (request, _reply, done) => {
    const context = requestContextFrom(request.headers, () => request.id);
    runWithRequestContext(context, () => {
      const scope = new AsyncResource('shop-request');
      contexts.set(request, { context, scope });
      scope.runInAsyncScope(done);
    });
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const scope = contexts.get(request)?.scope;
    if (scope) scope.runInAsyncScope(done);
    else done();
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SERVICE_SECURITY_HEADERS);
  });
  if (options.protections)
    allowOrigins(app, options.protections.allowedOrigins, (path) => routes.methodsAt(path));
  // Runs before the body is read, so a request no route takes is a 404/405 whatever its body or Content-Type.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.is404) throw noRoute(request, reply);
  });
  if (options.protections)
    limitRequestsPerRoute(app, options.protections.limiter, options.protections.limits);
  app.addHook('onResponse', async (request, reply) => {
    const context = contexts.get(request)?.context;
    const template = request.routeOptions.url;
    options.logger.info('request', {
      requestId: request.id,
      traceId: context?.traceId,
      spanId: context?.spanId,
      ...(context?.userId && { userId: context.userId }),
      // A metric dimension: the route's template, never the raw path (unbounded, and may carry ids).
      route: `${request.method} ${template ?? '(no route)'}`,
      ...(template ? {} : { path: pathOf(request.url).slice(0, 200) }),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      serverError: reply.statusCode >= 500 ? 1 : 0,
      ...accessMetrics(),
    });
  });
  app.setErrorHandler(sendProblem);
  app.setNotFoundHandler((request, reply) => {
    throw noRoute(request, reply);
  });

  /** 405 with the methods the path does take, or 404 when no route has this path at all. */
  function noRoute(request: FastifyRequest, reply: FastifyReply): DomainError {
    const path = pathOf(request.url);
    const allowed = routes.methodsAt(path);
    if (allowed.length === 0)
      return new DomainError('HTTP.NO_ROUTE', 'not_found', `no route ${request.method} ${path}`);
    reply.header('allow', allowed.join(', '));
    return new DomainError(
      'HTTP.METHOD_NOT_ALLOWED',
      'method_not_allowed',
      `${path} does not take ${request.method}; it takes ${allowed.join(', ')}`,
    );
  }

  app.get('/health', async () => ({ status: 'ok', service: options.name }));
  app.get('/ready', async (_request, reply) => {
    try {
      await options.ready();
      return { status: 'ready', service: options.name, ...options.metrics?.() };
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
