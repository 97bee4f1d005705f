import { type Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MemoryRateLimiter } from '../../adapters/cache/memory.rate-limiter.js';
import { answerClientError } from '../../adapters/http/client-error.js';
import { forward, forwardedFor, keepAliveAgent } from '../http-proxy.js';
import { type Behaviour, behaviourFor, cloudFrontBehaviours } from './cloudfront-behaviours.js';
import { type FunctionResponse, type ViewerRequest, viewerRequestOf } from './cloudfront-function.js';
import { placeholderPage } from './placeholder-page.js';
import { type ResponseHeaders, responseHeadersOf, withPolicy } from './response-headers-policy.js';
import { StaticSite } from './static-site.js';
import { type RatePerAddress, wafRatePerAddress } from './waf-rate-rule.js';

export type Origin =
  /** `headers`: the origin's custom headers (OriginCustomHeaders), which replace any the viewer sent. */
  | {
      kind: 'http';
      url: string;
      headers?: Record<string, string>;
      /** CloudFront's OriginPath: prefixed to every request path (e.g. the bucket of a path-style S3 endpoint). */
      originPath?: string;
    }
  | { kind: 'static'; dir: string };

export interface EdgeOptions {
  /**
   * The edge is reached over HTTPS (a TLS-terminating proxy in front of it): it then also sends the policy's
   * Strict-Transport-Security, as CloudFront always does, and tells origins `X-Forwarded-Proto: https`. Off by
   * default: HSTS for http://localhost would make browsers refuse plain HTTP to localhost for a year.
   */
  tls?: boolean;
  /** The WAF's rate rule per viewer address; by default resources/waf.yml's rule with the `local` stage's limit. */
  ratePerAddress?: RatePerAddress;
}

const TITLES: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
};

function problem(response: ServerResponse, policy: ResponseHeaders, status: number, detail: string) {
  const body = JSON.stringify({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail });
  response.writeHead(
    status,
    withPolicy(
      {
        'content-type': 'application/problem+json',
        'cache-control': 'no-cache',
        'content-length': String(Buffer.byteLength(body)),
      },
      policy,
    ),
  );
  response.end(body);
}

/** Like CloudFront in front of a custom origin: X-Forwarded-For gets the viewer's address appended. */
function proxy(
  origin: { url: string; headers?: Record<string, string>; originPath?: string },
  originName: string,
  agent: Agent,
  policy: ResponseHeaders,
  tls: boolean,
  incoming: IncomingMessage,
  response: ServerResponse,
) {
  const target = new URL(`${origin.originPath ?? ''}${incoming.url ?? '/'}`, origin.url);
  forward(incoming, response, target, {
    agent,
    timeoutMs: 30_000,
    responseHeaders: policy,
    headers: {
      ...incoming.headers,
      host: target.host,
      'x-forwarded-for': forwardedFor(incoming),
      'x-forwarded-proto': tls ? 'https' : 'http',
      'x-forwarded-host': incoming.headers.host ?? '',
      ...origin.headers,
    },
    fail: (status, detail) =>
      problem(
        response,
        policy,
        status,
        `The ${originName} origin (${origin.url}) did not answer: ${detail}. Is it running?`,
      ),
  });
}

function functionAnswer(response: ServerResponse, policy: ResponseHeaders, answer: FunctionResponse) {
  const headers = Object.fromEntries(
    Object.entries(answer.headers ?? {}).map(([name, { value }]) => [name.toLowerCase(), value]),
  );
  const body =
    typeof answer.body === 'string'
      ? Buffer.from(answer.body)
      : answer.body
        ? Buffer.from(answer.body.data, answer.body.encoding === 'base64' ? 'base64' : 'utf8')
        : Buffer.alloc(0);
  response.writeHead(answer.statusCode, answer.statusDescription, withPolicy(headers, policy));
  response.end(body);
}

async function serveStatic(
  site: StaticSite,
  uri: string,
  policy: ResponseHeaders,
  incoming: IncomingMessage,
  response: ServerResponse,
) {
  const answer = await site.answer(uri, incoming.headers);
  if (answer.status === 404) return problem(response, policy, 404, `no file ${uri} in the storefront build`);
  response.writeHead(answer.status, withPolicy(answer.headers, policy));
  response.end(incoming.method === 'HEAD' || answer.status === 304 ? undefined : answer.body);
}

/** Headers as the function left them: the ones it set or changed replace the viewer's, the ones it removed go. */
function applyHeaders(incoming: IncomingMessage, headers: ViewerRequest['headers']) {
  for (const name of Object.keys(incoming.headers))
    if (name !== 'cookie' && !(name in headers)) delete incoming.headers[name];
  for (const [name, header] of Object.entries(headers)) {
    const values = header.multiValue?.map((v) => v.value) ?? [header.value];
    incoming.headers[name.toLowerCase()] = values.length > 1 ? values.join(', ') : values[0];
  }
}

/**
 * The local CloudFront: routes each request to the origin its behaviour names, in the distribution's order, runs
 * the behaviour's viewer-request function, serves the site bucket like S3 behind CloudFront (static-site.ts) and
 * adds the behaviour's response headers policy to every answer, all read from resources/cdn.yml.
 */
export function startEdge(
  port: number,
  host: string,
  origins: Record<string, Origin>,
  options: EdgeOptions = {},
): Promise<Server> {
  const tls = options.tls ?? false;
  const rate = options.ratePerAddress ?? wafRatePerAddress('local');
  const buckets = new MemoryRateLimiter();
  const routes = cloudFrontBehaviours();
  const policies = new Map<Behaviour, ResponseHeaders>(
    [...routes.behaviours, routes.defaultBehaviour].map((b) => [
      b,
      b.responseHeadersPolicy ? responseHeadersOf(b.responseHeadersPolicy, tls) : {},
    ]),
  );
  const sites = new Map<string, StaticSite>();
  for (const [name, origin] of Object.entries(origins))
    if (origin.kind === 'static') sites.set(name, new StaticSite(origin.dir, placeholderPage));
  const agent = keepAliveAgent();
  const server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://edge');
    const behaviour = behaviourFor(url.pathname, routes);
    const policy = policies.get(behaviour)!;
    const method = incoming.method ?? 'GET';
    // The WAF sees every request before any behaviour; refused ones never reach an origin.
    const allowance = buckets.take(
      incoming.socket.remoteAddress ?? '',
      rate.limit,
      rate.windowSeconds * 1000,
      Date.now(),
    );
    if (!allowance.allowed) {
      response.setHeader('retry-after', String(allowance.retryAfterSeconds));
      return problem(response, policy, 429, 'too many requests from your address: wait and try again');
    }
    // CloudFront refuses a GET that carries a body (403) before any behaviour or function runs.
    const hasBody =
      Number(incoming.headers['content-length'] ?? 0) > 0 ||
      incoming.headers['transfer-encoding'] !== undefined;
    if (method === 'GET' && hasBody) {
      incoming.resume();
      return problem(response, policy, 403, 'a GET request may not carry a body');
    }
    let uri = url.pathname;
    if (behaviour.viewerRequest) {
      const result = behaviour.viewerRequest(
        viewerRequestOf(method, url, incoming.headers),
        incoming.socket.remoteAddress ?? '',
      );
      if ('response' in result) return functionAnswer(response, policy, result.response);
      uri = result.request.uri;
      if (uri !== url.pathname) incoming.url = `${uri}${url.search}`;
      applyHeaders(incoming, result.request.headers);
    }
    const origin = origins[behaviour.origin];
    if (!origin)
      return problem(response, policy, 502, `no local origin is configured for ${behaviour.origin}`);
    if (origin.kind === 'http')
      return proxy(origin, behaviour.origin, agent, policy, tls, incoming, response);
    // CloudFront refuses a method the behaviour does not allow (403). Only checked for the site: the API
    // behaviours' origins answer other methods themselves (405 with Allow) in the local shop.
    if (!behaviour.allowedMethods.includes(method))
      return problem(response, policy, 403, `this path allows ${behaviour.allowedMethods.join(', ')} only`);
    serveStatic(sites.get(behaviour.origin)!, uri, policy, incoming, response).catch((error: Error) => {
      if (!response.headersSent)
        problem(response, policy, 502, `the site could not be read: ${error.message}`);
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  // A request line and headers over Node's 16 KiB (or not HTTP at all) never reach the handler above.
  server.on('clientError', answerClientError);
  server.on('close', () => agent.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
