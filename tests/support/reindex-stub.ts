import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The search service's /internal/reindex as the admin sees it, for tests about who may call the admin (not about
 * indexing): a job that finishes at once, so a start answers 202 and the status shows it done.
 */
export async function startReindexStub(): Promise<{ url: string; close(): Promise<void> }> {
  let startedAt: string | null = null;
  const status = () => ({
    running: false,
    indexed: 3,
    total: 3,
    startedAt,
    finishedAt: startedAt,
    error: null,
  });
  const server = createServer((request, response) => {
    if (request.url !== '/internal/reindex') return response.writeHead(404).end();
    if (request.method === 'POST') startedAt = new Date().toISOString();
    response.writeHead(request.method === 'POST' ? 202 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(status()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
