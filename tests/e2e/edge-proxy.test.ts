import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { localShopConfig } from '../support/local-shop-config.js';

interface Answer {
  status: number;
  body: string;
  contentType: string;
  reusedSocket: boolean;
}

/** One request on a given keep-alive agent, so consecutive calls share a TCP connection. */
function send(
  agent: Agent,
  base: string,
  path: string,
  init: { method?: string; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      new URL(path, base),
      {
        agent,
        method: init.method ?? 'GET',
        headers: {
          ...(init.body ? { 'content-type': 'application/json', 'content-length': init.body.length } : {}),
          ...init.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: String(response.headers['content-type'] ?? ''),
            reusedSocket: outgoing.reusedSocket,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

/** The local edge and ALB router behave like CloudFront and the ALB for what reaches them. */
describe('edge and ALB router', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-edge-'));
  let shop: LocalShop;

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 24), quiet: true });
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['edge', () => shop.urls.edge],
    ['ALB router', () => shop.urls.alb],
  ])(
    '%s: answers a 2 MB body with 413 problem+json every time, and the same connection serves the next request',
    async (_name, base) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const huge = Buffer.from(
        JSON.stringify({ paymentToken: 'tok_visa', pad: 'x'.repeat(2 * 1024 * 1024) }),
      );
      try {
        for (let round = 0; round < 8; round++) {
          const tooLarge = await send(agent, base(), '/api/checkout', {
            method: 'POST',
            body: huge,
            headers: { 'idempotency-key': `big-${round}` },
          });
          expect({ round, status: tooLarge.status, body: tooLarge.body.slice(0, 300) }).toMatchObject({
            status: 413,
          });
          expect(tooLarge.contentType).toMatch(/application\/problem\+json/);
          const next = await send(agent, base(), '/api/me');
          expect({ status: next.status, body: next.body.slice(0, 200) }).toMatchObject({ status: 401 });
        }
      } finally {
        agent.destroy();
      }
    },
  );
});
