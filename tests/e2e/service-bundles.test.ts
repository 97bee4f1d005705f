import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices, SERVICES } from '../../ecs-tasks/build.js';
import { waitForHttp } from '../../local/processes.js';
import { freePort } from '../support/free-port.js';

/** Each service as its Dockerfile ships it: one bundled file, started with plain node. */
describe('service bundles', () => {
  const outdir = `dist/test-services-${process.pid}`;
  let files: string[] = [];
  beforeAll(async () => {
    files = await buildServices(outdir);
  }, 120_000);
  afterAll(() =>
    rmSync(new URL(`../../${outdir}`, import.meta.url).pathname, { recursive: true, force: true }),
  );

  it.each(SERVICES.map((name, index) => [name, index] as const))(
    '%s starts from its bundle, answers /health, reports /ready honestly and drains on SIGTERM',
    async (_name, index) => {
      const port = await freePort();
      const child: ChildProcess = spawn(process.execPath, [files[index]!], {
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable',
          CATALOG_TABLE: 'shop-test-catalog',
          CARTS_TABLE: 'shop-test-carts',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
      });
      try {
        await waitForHttp(`http://127.0.0.1:${port}/health`, 20_000, child);
        const ready = await fetch(`http://127.0.0.1:${port}/ready`);
        expect(ready.status).toBe(503);
        expect(await ready.text()).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
    },
    30_000,
  );

  it('refuses to start with a clear message when configuration is missing', async () => {
    const child = spawn(process.execPath, [files[0]!], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/DATABASE_URL \(not set\)/);
    expect(stderr).toMatch(/CATALOG_TABLE/);
  });

  it('refuses to start a deployed stage without a real payment provider, and never echoes credentials', async () => {
    const child = spawn(process.execPath, [files[2]!], {
      env: {
        PATH: process.env.PATH,
        STAGE: 'prod',
        DATABASE_URL: 'postgres://shop:hunter2-secret@db.internal:5432/shop',
        REDIS_URL: 'redis://default:cache-secret@cache.internal:6379',
        CATALOG_TABLE: 'shop-prod-catalog',
        CARTS_TABLE: 'shop-prod-carts',
        SECURE_COOKIES: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(output).toMatch(/PAYMENTS_URL \(not set\): required in stage "prod"/);
    expect(output).toMatch(/SECURE_COOKIES/);
    expect(output).toMatch(/REDIS_URL \(got "redis:\/\/\*\*\*@cache.internal:6379"\): must be a rediss/);
    expect(output).not.toMatch(/hunter2|cache-secret/);
  });
});
