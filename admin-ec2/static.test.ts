import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceApp } from '../adapters/http/chassis/server.js';
import { createLogger } from '../adapters/logs/logger.js';
import { adminUiDir, registerAdminUi } from './static.js';

const ASSET = '/admin/assets/index-Ab3_x9Zq.js';
const config = {
  AWS_REGION: 'us-east-1',
  S3_ENDPOINT: 'http://127.0.0.1:4569',
  IMAGES_PUBLIC_URL: 'http://127.0.0.1:4569/images',
  IMAGES_BUCKET: 'images',
};

async function adminApp(dir: string): Promise<FastifyInstance> {
  return createServiceApp({
    name: 'admin',
    logger: createLogger({ service: 'admin-static-test', level: 'error' }),
    ready: async () => {},
    routes: (app) => {
      app.get('/admin/api/me', async () => ({ admin: null }));
      registerAdminUi(app, config, dir);
    },
    trustedProxyHops: 0,
  });
}

/** The admin UI as the admin server serves it: deep links, cache rules, CSP, and the API's 404s left alone. */
describe('admin UI serving', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admin-ui-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Shop admin</title><div id="app"></div>');
    writeFileSync(join(dir, 'assets', 'index-Ab3_x9Zq.js'), 'console.log("admin");'.repeat(100));
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await adminApp(dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends / and /admin to /admin/', async () => {
    for (const url of ['/', '/admin']) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(302);
      expect(answer.headers.location).toBe('/admin/');
    }
  });

  it('answers every screen path, deep links included, with index.html revalidated on each load', async () => {
    for (const url of ['/admin/', '/admin/login', '/admin/orders/ord_01J0', '/admin/products/new?x=1']) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.body).toContain('<div id="app">');
    }
    const first = await app.inject({ url: '/admin/' });
    const again = await app.inject({ url: '/admin/', headers: { 'if-none-match': first.headers.etag! } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('sends a CSP without unsafe-inline that lets the UI load and upload images to the bucket only', async () => {
    const csp = String((await app.inject({ url: '/admin/' })).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe');
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:4569;");
    expect(csp).toContain("img-src 'self' data: http://127.0.0.1:4569;");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('caches hashed assets for a year, compressed when the browser takes it', async () => {
    const answer = await app.inject({ url: ASSET, headers: { 'accept-encoding': 'br, gzip' } });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['content-security-policy']).toBeUndefined();
  });

  it('leaves the API alone: the real route answers, an unknown one stays a 404 problem (any method)', async () => {
    expect((await app.inject({ url: '/admin/api/me' })).json()).toEqual({ admin: null });
    for (const method of ['GET', 'POST'] as const) {
      const answer = await app.inject({ method, url: '/admin/api/nothing-here' });
      expect(answer.statusCode, method).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json()).toMatchObject({ code: 'HTTP.NO_ROUTE' });
    }
  });

  it('answers a missing asset, a path outside the build and an unknown screen with a 404 problem', async () => {
    for (const url of [
      '/admin/assets/gone-Zz9_a1Bc.js',
      '/admin/assets/..%2F..%2Fpackage.json',
      '/admin/assets/%2e%2e%2findex.html',
      '/admin/no-such-screen',
    ]) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.headers['content-type'], url).toContain('application/problem+json');
    }
  });

  it('says how to build the UI when the bundle is not there, rather than a bare 404', async () => {
    const empty = await adminApp(join(dir, 'no-build-here'));
    const answer = await empty.inject({ url: '/admin/' });
    expect(answer.statusCode).toBe(503);
    expect(answer.json().detail).toContain('npm run build:admin');
    await empty.close();
  });
});

describe('admin UI folder', () => {
  it('is ui/dist from the source and ui/ in the release bundle, whose index.html sits beside its assets', () => {
    const root = mkdtempSync(join(tmpdir(), 'admin-layout-'));
    mkdirSync(join(root, 'source', 'ui', 'dist'), { recursive: true });
    writeFileSync(join(root, 'source', 'ui', 'index.html'), 'unbuilt');
    writeFileSync(join(root, 'source', 'ui', 'dist', 'index.html'), 'built');
    mkdirSync(join(root, 'release', 'ui', 'assets'), { recursive: true });
    writeFileSync(join(root, 'release', 'ui', 'index.html'), 'built');
    expect(adminUiDir(join(root, 'source'))).toBe(join(root, 'source', 'ui', 'dist'));
    expect(adminUiDir(join(root, 'release'))).toBe(join(root, 'release', 'ui'));
    rmSync(root, { recursive: true, force: true });
  });
});
