import { createServer, type Server } from 'node:http';
import { answerClientError } from '../adapters/http/client-error.js';
import { albRules, headersMatch } from './alb-rules.js';
import { forward, forwardedFor, keepAliveAgent } from './http-proxy.js';
import { listenOn } from './processes.js';

const TITLES: Record<number, string> = {
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The local ALB: same listener rules (path and origin header), a health check per target, 503 while a target is unhealthy. */
export async function startAlbRouter(
  port: number,
  targets: Record<string, string>,
  /** Local values of the stack's secrets that listener rules check, e.g. the origin header CloudFront sends. */
  secrets: Record<string, string>,
): Promise<{ server: Server; stop(): void }> {
  const { rules, healthChecks, defaultResponse } = albRules();
  const healthy = new Map<string, boolean>();
  const check = async () => {
    for (const [group, base] of Object.entries(targets)) {
      const ok = await fetch(`${base}${healthChecks[group] ?? '/'}`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.ok)
        .catch(() => false);
      healthy.set(group, ok);
    }
  };
  await check();
  const timer = setInterval(() => void check(), 2000);
  const agent = keepAliveAgent();
  const server = createServer((incoming, response) => {
    const path = new URL(incoming.url ?? '/', 'http://alb').pathname;
    const rule = rules.find(
      (r) => r.matches(path) && headersMatch(r, incoming.headers, (name) => secrets[name]),
    );
    const reply = (status: number, detail: string) => {
      response.writeHead(status, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({
          type: 'about:blank',
          title: TITLES[status] ?? 'Error',
          status,
          detail,
        }),
      );
    };
    if (!rule) {
      response.writeHead(defaultResponse.status, { 'content-type': defaultResponse.contentType });
      return response.end(defaultResponse.body);
    }
    const base = targets[rule.targetGroup];
    if (!base || healthy.get(rule.targetGroup) === false)
      return reply(503, `${rule.targetGroup} has no healthy target; it may be restarting`);
    const target = new URL(incoming.url ?? '/', base);
    forward(incoming, response, target, {
      agent,
      timeoutMs: 30_000,
      headers: { ...incoming.headers, 'x-forwarded-for': forwardedFor(incoming) },
      fail: (status, detail) => reply(status, `${rule.targetGroup} did not answer: ${detail}`),
    });
  });
  server.on('clientError', answerClientError);
  await listenOn(server, port);
  return {
    server,
    stop: () => {
      clearInterval(timer);
      agent.destroy();
    },
  };
}
