import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/shared/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What the storefront's own calls send beyond the CORS-safelisted headers. */
const ALLOWED_HEADERS = 'content-type, idempotency-key, x-request-id, traceparent';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * The origin the viewer addressed: the edge (CloudFront, or the local edge) names it in X-Forwarded-Host and
 * X-Forwarded-Proto; reached directly, the Host header.
 */
function ownOrigin(request: FastifyRequest): string | undefined {
  const host = String(request.headers['x-forwarded-host'] ?? request.headers.host ?? '');
  if (!host) return undefined;
  const proto = String(request.headers['x-forwarded-proto'] ?? request.protocol)
    .split(',')[0]!
    .trim();
  return `${proto}://${host}`.toLowerCase();
}

const forbidden = (origin: string, what: string) =>
  new DomainError('REQUEST.CROSS_ORIGIN', 'forbidden', `${what} from ${origin} is not allowed`);

/**
 * The API is same-origin through the edge. Browsers on another origin get in only from `allowedOrigins`:
 * their preflights are answered (204 with what they may send), and credentialed answers name them. A preflight
 * from any other origin, and any state-changing request it sends anyway (a form post, a no-cors fetch), is a 403
 * problem before the body is read or a route runs. Reads from other origins are answered without CORS headers,
 * so their browser keeps the answer from them.
 */
export function allowOrigins(
  app: FastifyInstance,
  allowedOrigins: readonly string[],
  methodsAt: (path: string) => string[],
) {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin?.toLowerCase();
    if (!origin || origin === ownOrigin(request)) return;
    const isAllowed = allowed.has(origin);
    const preflight =
      request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (preflight) {
      if (!isAllowed) throw forbidden(origin, 'a cross-origin request');
      const methods = methodsAt(request.url.split('?')[0]!);
      return reply
        .status(204)
        .headers({
          'access-control-allow-origin': request.headers.origin,
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': methods.join(', '),
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
          vary: 'Origin',
        })
        .send();
    }
    if (!isAllowed) {
      if (!SAFE_METHODS.has(request.method)) throw forbidden(origin, `a ${request.method}`);
      return;
    }
    reply.headers({
      'access-control-allow-origin': request.headers.origin,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'retry-after, x-request-id, etag',
      vary: 'Origin',
    });
  });
}
