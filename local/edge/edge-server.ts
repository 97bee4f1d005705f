import { createReadStream, existsSync, statSync } from 'node:fs';
import { type Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { forward, forwardedFor, keepAliveAgent } from '../http-proxy.js';
import { cloudFrontBehaviours, originFor } from './cloudfront-behaviours.js';
import { placeholderPage } from './placeholder-page.js';

export type Origin =
  /** `headers`: the origin's custom headers (OriginCustomHeaders), which replace any the viewer sent. */
  { kind: 'http'; url: string; headers?: Record<string, string> } | { kind: 'static'; dir: string };

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

const TITLES: Record<number, string> = { 404: 'Not Found', 502: 'Bad Gateway', 504: 'Gateway Timeout' };

function problem(response: ServerResponse, status: number, detail: string) {
  response.writeHead(status, { 'content-type': 'application/problem+json', ...SECURITY_HEADERS });
  response.end(JSON.stringify({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail }));
}

/** Like CloudFront in front of a custom origin: X-Forwarded-For gets the viewer's address appended. */
function proxy(
  origin: { url: string; headers?: Record<string, string> },
  originName: string,
  agent: Agent,
  incoming: IncomingMessage,
  response: ServerResponse,
) {
  const target = new URL(incoming.url ?? '/', origin.url);
  forward(incoming, response, target, {
    agent,
    timeoutMs: 30_000,
    responseHeaders: SECURITY_HEADERS,
    headers: {
      ...incoming.headers,
      host: target.host,
      'x-forwarded-for': forwardedFor(incoming),
      'x-forwarded-proto': 'http',
      'x-forwarded-host': incoming.headers.host ?? '',
      ...origin.headers,
    },
    fail: (status, detail) =>
      problem(
        response,
        status,
        `The ${originName} origin (${origin.url}) did not answer: ${detail}. Is it running?`,
      ),
  });
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
  const agent = keepAliveAgent();
  const server = createServer((incoming, response) => {
    const path = new URL(incoming.url ?? '/', 'http://edge').pathname;
    const originName = originFor(path, routes);
    const origin = origins[originName];
    if (!origin) return problem(response, 502, `no local origin is configured for ${originName}`);
    if (origin.kind === 'http') return proxy(origin, originName, agent, incoming, response);
    return serveStatic(origin.dir, incoming, response);
  });
  server.keepAliveTimeout = 65_000;
  server.on('close', () => agent.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
