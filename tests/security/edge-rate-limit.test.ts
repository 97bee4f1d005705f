import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readResourceTemplate } from '../../adapters/cloudformation/read-template.js';
import { startEdge } from '../../local/edge/edge-server.js';
import { wafRatePerAddress } from '../../local/edge/waf-rate-rule.js';
import { freePort } from '../support/free-port.js';

interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  body: string;
}

/** GET through the edge from a given loopback address (Linux routes all of 127/8 to lo). */
function get(base: string, path: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(new URL(path, base), { agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          retryAfter: response.headers['retry-after'] as string | undefined,
          body,
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const agentFrom = (localAddress: string) => new Agent({ keepAlive: true, maxSockets: 16, localAddress });

async function inBatches(count: number, send: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  while (answers.length < count)
    answers.push(...(await Promise.all(Array.from({ length: Math.min(16, count - answers.length) }, send))));
  return answers;
}

describe('the local edge limits requests per viewer address as the WAF rule does', () => {
  // The `dev` stage's rule: what CloudFront applies on AWS (the local stage's own limit is far higher).
  const rule = wafRatePerAddress('dev');
  let origin: Server;
  let edge: Server;
  let base: string;
  let seenByOrigin = 0;
  const site = mkdtempSync(join(tmpdir(), 'shop-edge-limit-'));

  beforeAll(async () => {
    origin = createServer((_incoming, response) => {
      seenByOrigin++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    const port = await freePort();
    edge = await startEdge(
      port,
      '127.0.0.1',
      {
        ProductApi: { kind: 'http', url: originUrl },
        ServicesAlb: { kind: 'http', url: originUrl },
        SiteBucket: { kind: 'static', dir: site },
      },
      { ratePerAddress: rule },
    );
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => edge.close(resolve));
    await new Promise((resolve) => origin.close(resolve));
    rmSync(site, { recursive: true, force: true });
  });

  it('reads the limit and window of resources/waf.yml, with the limit serverless.yml gives each stage', () => {
    const { params } = parse(readFileSync('serverless.yml', 'utf8'), {
      logLevel: 'silent',
    });
    const acl = Object.values(readResourceTemplate('waf.yml').Resources).find(
      (r) => r.Type === 'AWS::WAFv2::WebACL',
    )!;
    const statement = (
      acl.Properties.Rules as { Statement: { RateBasedStatement?: Record<string, unknown> } }[]
    )
      .map((r) => r.Statement.RateBasedStatement)
      .find(Boolean)!;
    expect(rule).toEqual({
      limit: Number(params.default.wafRateLimit),
      windowSeconds: statement.EvaluationWindowSec,
    });
    expect(wafRatePerAddress('prod')).toEqual(rule);
    expect(wafRatePerAddress('local').limit).toBe(Number(params.local.wafRateLimit));
  });

  it("lets an address make the rule's limit of requests, then answers 429 problem+json with Retry-After; the origin never sees the refused ones, and another address is not affected", async () => {
    const one = agentFrom('127.0.0.1');
    const other = agentFrom('127.0.0.2');
    try {
      const started = Date.now();
      const answers = await inBatches(rule.limit + 100, () => get(base, '/api/products', one));
      // The bucket refills while they run (2,000 per 5 minutes: one token every 0.15 s), as WAF's window slides.
      const refilled = Math.ceil(((Date.now() - started) / 1000) * (rule.limit / rule.windowSeconds));
      const allowed = answers.filter((a) => a.status === 200).length;
      expect(answers.slice(0, rule.limit).every((a) => a.status === 200)).toBe(true);
      expect(allowed).toBeLessThanOrEqual(rule.limit + refilled);
      expect(seenByOrigin).toBe(allowed);
      const refused = answers.filter((a) => a.status !== 200);
      expect(refused.length).toBeGreaterThanOrEqual(100 - refilled);
      expect(new Set(refused.map((a) => a.status))).toEqual(new Set([429]));
      expect(refused[0]!.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(refused[0]!.body)).toMatchObject({ status: 429, title: 'Too Many Requests' });
      // A token every window / limit seconds (0.15 s for 2,000 per 5 minutes): Retry-After rounds up.
      expect(Number(refused[0]!.retryAfter)).toBe(Math.ceil(rule.windowSeconds / rule.limit));
      // The site is behind the same rule: refused before any behaviour.
      const burst = await inBatches(16, () => get(base, '/index.html', one));
      expect(burst.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(14);
      const seen = seenByOrigin;
      const fresh = await get(base, '/api/products', other);
      expect(fresh.status).toBe(200);
      expect(seenByOrigin).toBe(seen + 1);
    } finally {
      one.destroy();
      other.destroy();
    }
  }, 60_000);
});
