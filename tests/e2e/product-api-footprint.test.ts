import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { browser } from '../support/browser.js';
import { localShopConfig } from '../support/local-shop-config.js';

const ROOT = new URL('../..', import.meta.url).pathname;

const rssMb = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
};

/**
 * The product API as a first-time user meets it: data in the repository's own `.data/` (as `npm start` keeps it), so
 * anything that watches the source tree sees every PostgreSQL write. Its routes answer at once after start-up, and
 * it stays small while the shop is busy writing.
 */
describe('product API footprint in the local shop', () => {
  const dataDir = join('.data', `footprint-${process.pid}`);
  let shop: LocalShop;
  let firstCalls: { path: string; status: number; ms: number }[] = [];

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 60), quiet: true });
    const page = (await (await fetch(`${shop.urls.edge}/api/products?limit=1`)).json()) as {
      items: { slug: string }[];
    };
    for (const path of ['/api/categories', `/api/products/${page.items[0]!.slug}`, '/api/openapi.json']) {
      const started = performance.now();
      const response = await fetch(`${shop.urls.edge}${path}`);
      await response.arrayBuffer();
      firstCalls.push({ path, status: response.status, ms: Math.round(performance.now() - started) });
    }
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(join(ROOT, dataDir), { recursive: true, force: true });
    firstCalls = [];
  });

  it('answers every product route right after start-up', () => {
    for (const call of firstCalls) {
      expect(call.status, call.path).toBe(200);
      expect(call.ms, call.path).toBeLessThan(2000);
    }
  });

  it('stays under 300 MB while the shop writes to its database', async () => {
    const pid = shop.productApi.child.pid!;
    let peak = rssMb(pid);
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 200);
    try {
      const deadline = Date.now() + 15_000;
      for (let round = 0; Date.now() < deadline; round++) {
        // Each registration writes users and sessions: PGlite files under .data/ change.
        const as = browser(() => shop.urls.edge);
        await as('/api/auth/register', {
          body: {
            email: `footprint${round}.${Date.now()}@example.com`,
            password: 'footprint-pass-1',
            name: 'F',
          },
        });
        expect((await as('/api/products?limit=24')).status).toBe(200);
      }
    } finally {
      clearInterval(sampler);
    }
    expect(shop.productApi.child.exitCode).toBeNull();
    expect(Math.round(peak)).toBeLessThan(300);
  }, 60_000);
});
