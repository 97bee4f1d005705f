import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { cloudFrontBehaviours, originFor } from './cloudfront-behaviours.js';
import { placeholderPage } from './placeholder-page.js';

export type Origin = { kind: 'http'; url: string } | { kind: 'static'; dir: string };

/** What CloudFront's Managed-SecurityHeadersPolicy adds (minus HSTS, which would pin localhost to https). */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-xss-protection': '1; mode=block',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
};

function problem(response: ServerResponse, status: number, detail: string) {
  response.writeHead(status, { 'content-type': 'application/problem+json', ...SECURITY_HEADERS });
  response.end(
    JSON.stringify({
      type: 'about:blank',
      title: status === 502 ? 'Bad Gateway' : 'Not Found',
      status,
      detail,
    }),
  );
}

function proxy(origin: string, originName: string, incoming: IncomingMessage, response: ServerResponse) {
  const target = new URL(incoming.url ?? '/', origin);
  const upstream = request(
    target,
    {
      method: incoming.method,
      headers: {
        ...incoming.headers,
        host: target.host,
        'x-forwarded-for': incoming.socket.remoteAddress ?? '',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': incoming.headers.host ?? '',
      },
      timeout: 30_000,
    },
    (reply) => {
      response.writeHead(reply.statusCode ?? 502, { ...reply.headers, ...SECURITY_HEADERS });
      reply.pipe(response);
    },
  );
  upstream.on('timeout', () => upstream.destroy(new Error('origin timed out')));
  upstream.on('error', (error) => {
    if (response.headersSent) return response.destroy();
    problem(
      response,
      502,
      `The ${originName} origin (${origin}) did not answer: ${error.message}. Is it running?`,
    );
  });
  incoming.pipe(upstream);
}

/** The same rule as the CloudFront function in resources/cdn.yml: paths without a dot are SPA routes. */
function serveStatic(dir: string, incoming: IncomingMessage, response: ServerResponse) {
  const path = new URL(incoming.url ?? '/', 'http://edge').pathname;
  const uri = path.includes('.') ? path : '/index.html';
  const file = normalize(join(dir, decodeURIComponent(uri)));
  if (!file.startsWith(normalize(dir))) return problem(response, 404, 'no such file');
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (uri === '/index.html') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html'], ...SECURITY_HEADERS });
      return response.end(placeholderPage());
    }
    return problem(response, 404, `no file ${uri} in the storefront build`);
  }
  const immutable = uri.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable,
    ...SECURITY_HEADERS,
  });
  createReadStream(file).pipe(response);
}

/** The local CloudFront: routes each request to the origin its behaviour names, in the distribution's order. */
export function startEdge(port: number, host: string, origins: Record<string, Origin>): Promise<Server> {
  const routes = cloudFrontBehaviours();
  const server = createServer((incoming, response) => {
    const path = new URL(incoming.url ?? '/', 'http://edge').pathname;
    const originName = originFor(path, routes);
    const origin = origins[originName];
    if (!origin) return problem(response, 502, `no local origin is configured for ${originName}`);
    if (origin.kind === 'http') return proxy(origin.url, originName, incoming, response);
    return serveStatic(origin.dir, incoming, response);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
