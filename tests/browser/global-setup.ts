import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/free-port.js';
import { PORT_VARIABLES } from '../support/local-shop-config.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Seeding, serverless-offline, PGlite and (when web/ changed) the storefront build, on 2 shared cores. */
const START_TIMEOUT_MS = 240_000;
/** 240 products: ten per category, a handful of headphones, sold-out sizes and colours, as in the full demo. */
const SEED_PRODUCTS = '240';

/**
 * Starts the whole local shop (`npm start`'s local/start.ts) for the browser suite: its own free ports and a fresh
 * data folder, so it never meets a developer's `npm start` on 3000 or CI's servers. Set SHOP_URL to run the suite
 * against a shop that is already up instead (faster while writing tests). Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.SHOP_URL) {
    process.env.SHOP_BROWSER_URL = process.env.SHOP_URL.replace(/\/$/, '');
    process.env.SHOP_ADMIN_URL ??= 'http://localhost:3001';
    process.env.SHOP_DATA_DIR ??= resolve(ROOT, '.data');
    return async () => {};
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-browser-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    SEED_PRODUCTS,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NO_COLOR: '1',
  };
  // The suite always runs on the embedded engines, whatever the caller's environment points at.
  for (const name of ['REDIS_URL', 'DATABASE_URL', 'OPENSEARCH_URL', 'SEARCH_ENGINE']) delete env[name];
  for (const name of PORT_VARIABLES) env[name] = String(await freePort());

  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: ROOT,
    env,
    detached: true, // its own process group: the teardown ends it and everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n|\r/)) if (line.trim()) output.push(line);
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout!.on('data', remember);
  child.stderr!.on('data', remember);

  const stop = async () => {
    await stopGroup(child);
    if (!process.env.KEEP_SHOP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  const buildFailed = output.find((line) => line.includes('the build FAILED'));
  if (buildFailed) {
    await stop();
    throw new Error(
      `an app (storefront or admin) did not build, so the suite would test an old one:\n${buildFailed}`,
    );
  }
  process.env.SHOP_BROWSER_URL = `http://localhost:${env.PORT}`;
  // The admin's URL and the data folder holding its demo admins' TOTP secrets (admin.spec.ts signs in with them).
  process.env.SHOP_ADMIN_URL = `http://localhost:${env.LOCAL_ADMIN_PORT}`;
  process.env.SHOP_DATA_DIR = dataDir;
  console.log(`  browser suite: local shop up at ${process.env.SHOP_BROWSER_URL} (data in ${dataDir})`);
  return stop;
}

function waitForReady(child: ChildProcess, output: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const tail = () => output.slice(-40).join('\n');
    const timer = setTimeout(
      () => reject(new Error(`the local shop did not start within ${START_TIMEOUT_MS / 1000} s:\n${tail()}`)),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      if (output.some((line) => line.includes('Shop is up'))) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolvePromise();
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the local shop exited (${signal ?? `code ${code}`}) before it was up:\n${tail()}`));
    });
  });
}

/** SIGTERM to the shop's process group (start.ts stops its children, each in a group of its own), then SIGKILL. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const killer = setTimeout(() => signal('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}
