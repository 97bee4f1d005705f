import { createServer, type Server } from 'node:http';
import { TestCardGateway } from '../adapters/payments/test-card.gateway.js';

/** The card network of the local shop: the test provider over HTTP, in its own process so it outlives a crashed orders task. */
export function startPaymentsSimulator(port: number): Promise<{ server: Server; gateway: TestCardGateway }> {
  const gateway = new TestCardGateway();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://payments');
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const hold = new AbortController();
    response.on('close', () => hold.abort());
    try {
      if (request.method === 'POST' && url.pathname === '/authorizations') {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        const key = String(request.headers['idempotency-key'] ?? '');
        if (!key) return reply(400, { error: 'Idempotency-Key required' });
        return reply(
          200,
          await gateway.authorize(
            { idempotencyKey: key, amount: body.amount, token: String(body.token) },
            hold.signal,
          ),
        );
      }
      if (request.method === 'GET' && url.pathname.startsWith('/authorizations/')) {
        return reply(
          200,
          await gateway.lookup(decodeURIComponent(url.pathname.slice('/authorizations/'.length))),
        );
      }
      if (url.pathname === '/health') return reply(200, { status: 'ok' });
      reply(404, { error: 'not found' });
    } catch {
      if (!response.headersSent && !hold.signal.aborted) reply(400, { error: 'bad request' });
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, gateway })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 3190);
  await startPaymentsSimulator(port);
  console.log(`payments simulator on http://127.0.0.1:${port}`);
}
