/**
 * Who a log line belongs to: the request id the edge gave the request (`x-request-id`) and its W3C trace context
 * (`traceparent`), carried through every await of the request by AsyncLocalStorage so that a line logged deep in a
 * use case, and every call this service makes to another, name the same request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
  /** 32 hex digits: the whole journey's id, from the edge through every service. */
  traceId: string;
  /** 16 hex digits: this service's part of the journey (the parent of the calls it makes). */
  spanId: string;
  /** Set once the session is known, so the access line and every later line carry it. */
  userId?: string;
}

const REQUEST_ID = /^[\w-]{8,64}$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZEROS = /^0+$/;

/** The trace id of a valid `traceparent` (version ff, and all-zero ids, are invalid per W3C Trace Context). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (!match || match[1] === 'ff' || ALL_ZEROS.test(match[2]!) || ALL_ZEROS.test(match[3]!)) return undefined;
  return match[2];
}

/** A caller's request id when it is a plain token of sane length; anything else is replaced, never logged. */
export const acceptedRequestId = (given: string | undefined): string | undefined =>
  given !== undefined && REQUEST_ID.test(given) ? given : undefined;

export const newSpanId = () => randomBytes(8).toString('hex');
export const newTraceId = () => randomBytes(16).toString('hex');

type HeaderValue = string | string[] | undefined;
const single = (value: HeaderValue) => (Array.isArray(value) ? value[0] : value);

/** This hop's context: the caller's request and trace ids when valid, a new span id always. */
export function requestContextFrom(
  headers: Record<string, HeaderValue>,
  fallbackRequestId: () => string = randomUUID,
): RequestContext {
  return {
    requestId: acceptedRequestId(single(headers['x-request-id'])) ?? fallbackRequestId(),
    traceId: traceIdOf(single(headers.traceparent)) ?? newTraceId(),
    spanId: newSpanId(),
  };
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithRequestContext = <T>(context: RequestContext, work: () => T): T =>
  storage.run(context, work);

export const currentRequestContext = (): RequestContext | undefined => storage.getStore();

/** Names the signed-in user (or admin) in every later line of the current request, its access line included. */
export function identifyUser(userId: string): void {
  const context = storage.getStore();
  if (context) context.userId = userId;
}

/** Headers for a call this service makes on behalf of the current request (none outside a request). */
export function propagationHeaders(): Record<string, string> {
  const context = storage.getStore();
  if (!context) return {};
  return {
    'x-request-id': context.requestId,
    traceparent: `00-${context.traceId}-${context.spanId}-01`,
  };
}
