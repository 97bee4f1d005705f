import { randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { etagOf, matchesIfNoneMatch } from '../../adapters/http/etag.js';
import { MethodNotAllowed, parseInput, toProblem } from '../../adapters/http/problem.js';
import { accessMetrics } from '../../adapters/logs/metrics.js';
import { acceptedRequestId, traceIdOf } from '../../adapters/logs/request-context.js';
import { logger } from './logger.js';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

export interface RouteSpec<Q extends z.ZodMiniType, P extends z.ZodMiniType> {
  route: string;
  query?: Q;
  path?: P;
}

export interface JsonResponse {
  body: unknown;
  /** Seconds browsers and CloudFront may keep it; 0 means no-store. */
  maxAge: number;
  /** Seconds a cache may serve it stale while it revalidates (default 5 x maxAge). */
  staleSeconds?: number;
}

type Handler<Q extends z.ZodMiniType, P extends z.ZodMiniType> = (input: {
  query: z.infer<Q>;
  path: z.infer<P>;
  requestId: string;
  request: { method: string; rawPath: string };
}) => Promise<JsonResponse>;

const JSON_TYPE = 'application/json; charset=utf-8';

/** Cached use-case results come back as the same object: serialize and hash each one once. */
const serialized = new WeakMap<object, { json: string; etag: string }>();

function serialize(body: unknown): { json: string; etag: string } {
  const known = typeof body === 'object' && body !== null ? serialized.get(body) : undefined;
  if (known) return known;
  const json = JSON.stringify(body);
  const result = { json, etag: etagOf(json) };
  if (typeof body === 'object' && body !== null) serialized.set(body, result);
  return result;
}

/** Request id, one access-log line, and problem+json for anything thrown: declared once for every function. */
const requestLifecycle = (route: string): MiddlewareObj<Event, Result> => {
  const started = new WeakMap<object, number>();
  const finish = (request: { event: Event; response: Result | null; context: Context }) => {
    const status = request.response?.statusCode ?? 500;
    logger.info('request', {
      requestId: request.event.requestContext?.requestId,
      traceId: traceIdOf(request.event.headers?.traceparent),
      route,
      status,
      durationMs:
        Math.round((performance.now() - (started.get(request.event) ?? performance.now())) * 10) / 10,
      serverError: status >= 500 ? 1 : 0,
      ...accessMetrics(),
    });
  };
  return {
    before: (request) => {
      started.set(request.event, performance.now());
      request.event.requestContext ??= {} as Event['requestContext'];
      // The edge's id when it sent one, so the request's lines in every service share it; else API Gateway's.
      request.event.requestContext.requestId =
        acceptedRequestId(request.event.headers?.['x-request-id']) ??
        (request.event.requestContext.requestId || randomUUID());
    },
    after: finish,
    onError: (request) => {
      const requestId = request.event.requestContext?.requestId ?? randomUUID();
      const problem = toProblem(request.error, requestId);
      if (problem.status >= 500) {
        logger.error('unhandled error', { requestId, route, error: request.error });
      }
      request.response = {
        statusCode: problem.status,
        headers: {
          'content-type': 'application/problem+json',
          'cache-control': 'no-store',
          'x-request-id': requestId,
          ...(request.error instanceof MethodNotAllowed ? { allow: request.error.allowed.join(', ') } : {}),
        },
        body: JSON.stringify(problem),
      };
      finish(request);
    },
  };
};

/** A Lambda behind the HTTP API: parse with zod, run the use case, answer JSON with ETag and Cache-Control. */
export function httpHandler<Q extends z.ZodMiniType, P extends z.ZodMiniType>(
  spec: RouteSpec<Q, P>,
  handle: Handler<Q, P>,
) {
  return middy<Event, Result>()
    .use(requestLifecycle(spec.route))
    .handler(async (event) => {
      const requestId = event.requestContext.requestId;
      const query = (
        spec.query ? parseInput(spec.query, event.queryStringParameters, 'query') : undefined
      ) as z.infer<Q>;
      const path = (
        spec.path ? parseInput(spec.path, event.pathParameters, 'path') : undefined
      ) as z.infer<P>;
      const {
        body,
        maxAge,
        staleSeconds = maxAge * 5,
      } = await handle({
        query,
        path,
        requestId,
        request: { method: event.requestContext.http?.method ?? 'GET', rawPath: event.rawPath ?? '/' },
      });
      const { json, etag } = serialize(body);
      const headers = {
        'content-type': JSON_TYPE,
        etag,
        'cache-control':
          maxAge > 0
            ? `public, max-age=${maxAge}${staleSeconds > 0 ? `, stale-while-revalidate=${staleSeconds}` : ''}`
            : 'no-store',
        'x-request-id': requestId,
      };
      if (matchesIfNoneMatch(event.headers?.['if-none-match'], etag)) {
        return { statusCode: 304, headers, body: '' };
      }
      return { statusCode: 200, headers, body: json };
    });
}
