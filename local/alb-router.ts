import { createServer, request, type Server } from 'node:http';
import { albRules } from './alb-rules.js';

/** The local ALB: same path rules, a health check per target, 503 while a target is unhealthy. */
export async function startAlbRouter(
  port: number,
  targets: Record<string, string>,
): Promise<{ server: Server; stop(): void }> {
  const { rules, healthChecks } = albRules();
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
  const server = createServer((incoming, response) => {
    const path = new URL(incoming.url ?? '/', 'http://alb').pathname;
    const rule = rules.find((r) => r.matches(path));
    const reply = (status: number, detail: string) => {
      response.writeHead(status, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({
          type: 'about:blank',
          title: status === 404 ? 'Not Found' : 'Service Unavailable',
          status,
          detail,
        }),
      );
    };
    if (!rule) return reply(404, 'no service serves this path');
    const base = targets[rule.targetGroup];
    if (!base || healthy.get(rule.targetGroup) === false)
      return reply(503, `${rule.targetGroup} has no healthy target; it may be restarting`);
    const upstream = request(
      new URL(incoming.url ?? '/', base),
      { method: incoming.method, headers: incoming.headers, timeout: 30_000 },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () =>
      response.headersSent ? response.destroy() : reply(502, `${rule.targetGroup} did not answer`),
    );
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, stop: () => clearInterval(timer) };
}
