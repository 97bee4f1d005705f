import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { etagOf, matchesIfNoneMatch } from '../../adapters/http/etag.js';
import { domainErrorOf, MethodNotAllowed, parseInput, toProblem } from '../../adapters/http/problem.js';
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

/** A route answers with few distinct lifetimes: each Cache-Control value is built once. */
const cacheControls = new Map<string, string>();
function cacheControl(maxAge: number, staleSeconds: number): string {
  const key = `${maxAge}/${staleSeconds}`;
  let value = cacheControls.get(key);
  if (value === undefined) {
    value =
      maxAge > 0
        ? `public, max-age=${maxAge}${staleSeconds > 0 ? `, stale-while-revalidate=${staleSeconds}` : ''}`
        : 'no-store';
    cacheControls.set(key, value);
  }
  return value;
}

function problemResponse(error: unknown, requestId: string, route: string): Result {
  const known = domainErrorOf(error);
  const problem = toProblem(error, requestId);
  if (problem.status >= 500)
    // A dependency that said it is unavailable (503) is an outage to watch, not a bug to fix.
    logger[known ? 'warn' : 'error'](known ? 'dependency unavailable' : 'unhandled error', {
      requestId,
      route,
      error,
    });
  return {
    statusCode: problem.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-request-id': requestId,
      ...(known?.retryAfterSeconds ? { 'retry-after': String(known.retryAfterSeconds) } : {}),
      ...(error instanceof MethodNotAllowed ? { allow: error.allowed.join(', ') } : {}),
    },
    body: JSON.stringify(problem),
  };
}

/**
 * A Lambda behind the HTTP API: parse with zod, run the use case, answer JSON with ETag and Cache-Control, or
 * problem+json for anything thrown; one access line per request (an Embedded Metric Format document). A plain
 * function rather than a middleware chain: the chain's allocations and per-invocation timer were most of the
 * handler's own cost on a cache hit.
 */
export function httpHandler<Q extends z.ZodMiniType, P extends z.ZodMiniType>(
  spec: RouteSpec<Q, P>,
  handle: Handler<Q, P>,
) {
  const { route } = spec;
  const respond = async (event: Event, requestId: string): Promise<Result> => {
    const query = (
      spec.query ? parseInput(spec.query, event.queryStringParameters, 'query') : undefined
    ) as z.infer<Q>;
    const path = (spec.path ? parseInput(spec.path, event.pathParameters, 'path') : undefined) as z.infer<P>;
    const {
      body,
      maxAge,
      staleSeconds = maxAge * 5,
    } = await handle({
      query,
      path,
      requestId,
      request: { method: event.requestContext?.http?.method ?? 'GET', rawPath: event.rawPath ?? '/' },
    });
    const { json, etag } = serialize(body);
    const headers = {
      'content-type': JSON_TYPE,
      etag,
      'cache-control': cacheControl(maxAge, staleSeconds),
      'x-request-id': requestId,
    };
    if (matchesIfNoneMatch(event.headers?.['if-none-match'], etag)) {
      return { statusCode: 304, headers, body: '' };
    }
    return { statusCode: 200, headers, body: json };
  };

  return async (event: Event, _context?: unknown): Promise<Result> => {
    const started = performance.now();
    // The edge's id when it sent one, so the request's lines in every service share it; else API Gateway's.
    const requestId =
      acceptedRequestId(event.headers?.['x-request-id']) ?? (event.requestContext?.requestId || randomUUID());
    let response: Result;
    try {
      response = await respond(event, requestId);
    } catch (error) {
      response = problemResponse(error, requestId, route);
    }
    const status = response.statusCode ?? 500;
    logger.info('request', {
      requestId,
      traceId: traceIdOf(event.headers?.traceparent),
      route,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      serverError: status >= 500 ? 1 : 0,
      ...accessMetrics(),
    });
    return response;
  };
}
