import { Agent, type IncomingMessage, request, type ServerResponse } from 'node:http';

/** A hop that appends the address it saw to X-Forwarded-For, as CloudFront and the ALB do. */
export function forwardedFor(incoming: IncomingMessage): string {
  const seen = incoming.socket.remoteAddress ?? '';
  const earlier = incoming.headers['x-forwarded-for'];
  const chain = Array.isArray(earlier) ? earlier.join(', ') : earlier;
  return chain ? `${chain}, ${seen}` : seen;
}

export interface ForwardOptions {
  agent: Agent;
  headers: Record<string, string | string[] | undefined>;
  timeoutMs: number;
  /** Added to every answer passed back (the edge's response headers policy). */
  responseHeaders?: Record<string, string>;
  /** Answers the client when the origin could not (nothing was sent yet). */
  fail(status: 502 | 504, detail: string): void;
}

const REPLAYABLE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Headers about one connection (RFC 9110 7.6.1): a proxy never passes them on to the next hop. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function endToEndHeaders<T>(headers: Record<string, T>): Record<string, T> {
  const named = String(headers.connection ?? '')
    .toLowerCase()
    .split(',')
    .map((name) => name.trim());
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.includes(name)),
  );
}

export const keepAliveAgent = () => new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * Streams a request to an origin and its answer back. An origin may answer before it has read the whole body
 * (a 413 for a body over its limit): the answer still reaches the client, the rest of the body is read and dropped
 * so the client's keep-alive connection stays usable, and the half-used origin connection is never reused.
 */
export function forward(
  incoming: IncomingMessage,
  response: ServerResponse,
  target: URL,
  options: ForwardOptions,
) {
  const attempt = (retry: boolean) => {
    const upstream = request(target, {
      method: incoming.method,
      headers: endToEndHeaders(options.headers),
      agent: options.agent,
      timeout: options.timeoutMs,
    });
    let answered = false;
    upstream.on('response', (reply) => {
      answered = true;
      const bodyUnsent = !upstream.writableFinished;
      if (bodyUnsent) {
        incoming.unpipe(upstream);
        incoming.resume();
      }
      response.writeHead(reply.statusCode ?? 502, {
        ...endToEndHeaders(reply.headers),
        ...options.responseHeaders,
      });
      reply.pipe(response);
      reply.on('end', () => {
        if (bodyUnsent) upstream.destroy();
      });
    });
    upstream.on('timeout', () =>
      upstream.destroy(Object.assign(new Error('origin timed out'), { code: 'ETIMEDOUT' })),
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) {
        if (!response.writableFinished) response.destroy();
        return;
      }
      // A kept-alive connection the origin closed just as we reused it: safe to send again if nothing was read.
      if (
        retry &&
        upstream.reusedSocket &&
        error.code === 'ECONNRESET' &&
        REPLAYABLE.has(incoming.method ?? '')
      ) {
        attempt(false);
        return;
      }
      incoming.unpipe(upstream);
      incoming.resume();
      options.fail(error.code === 'ETIMEDOUT' ? 504 : 502, error.message);
    });
    if (REPLAYABLE.has(incoming.method ?? '') && !incoming.headers['content-length']) upstream.end();
    else incoming.pipe(upstream);
  };
  attempt(true);
}
