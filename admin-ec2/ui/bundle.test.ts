import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp } from '../../adapters/http/chassis/server.js';
import { createLogger } from '../../adapters/logs/logger.js';
import { registerAdminUi } from '../static.js';

const UI = new URL('.', import.meta.url).pathname;

/** The real admin bundle, built into a scratch folder and served as the admin server serves it. */
describe('admin UI bundle', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admin-bundle-'));
    await build({
      configFile: join(UI, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir: dir, emptyOutDir: true },
    });
    app = await createServiceApp({
      name: 'admin',
      logger: createLogger({ service: 'admin-bundle-test', level: 'error' }),
      ready: async () => {},
      routes: (instance) => registerAdminUi(instance, { AWS_REGION: 'us-east-1' }, dir),
      trustedProxyHops: 0,
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no inline script or style, so it runs under the CSP without unsafe-inline', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).toMatch(/<script type="module" crossorigin src="\/admin\/assets\/index-[\w-]{8}\.js">/);
  });

  it('serves every file index.html names, hashed and cached for a year', async () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\/admin\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const url of assets) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    expect((await app.inject({ url: '/admin/favicon.svg' })).statusCode).toBe(200);
  });

  it('keeps uPlot out of the entry: the chart code is its own chunk, loaded by the dashboard only', () => {
    const files = readdirSync(join(dir, 'assets'));
    const entry = files.find((f) => /^index-.*\.js$/.test(f))!;
    const chart = files.find((f) => /^time-chart-.*\.js$/.test(f));
    const entryCode = readFileSync(join(dir, 'assets', entry));
    expect(chart).toBeDefined();
    expect(entryCode.toString()).not.toContain('u-wrap');
    expect(readFileSync(join(dir, 'assets', chart!), 'utf8')).toContain('u-wrap');
    // Measured at 27 KB gzipped (84 KB raw): a budget that catches a framework or a locale table sneaking in.
    expect(gzipSync(entryCode).length).toBeLessThan(40_000);
  });
});
