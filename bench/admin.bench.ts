/**
 * npm run bench:admin — the admin's analytics on a large history, read from the replica:
 * 1. every analytics endpoint (from the admin route table) over the whole history, precomputed (rollup) vs computed
 *    live in the same run: p50/p99 over HTTP;
 * 2. the cost of keeping the rollups fresh: time per refresh on the primary, and until the replica has it;
 * 3. the primary's checkout throughput (the PostgreSQL part of a checkout: order + stock, then payment recorded) with
 *    the dashboard running on the replica vs without, rounds interleaved A-B-A-B.
 * Needs DATABASE_URL (the primary's database holding the history, e.g. one filled by `npm run demo:history -- --orders
 * 1000000`) and REPLICA_DATABASE_URL (the same database on the streaming replica). Prints tables, writes
 * bench/results/admin.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { Argon2PasswordHasher } from '../adapters/crypto/argon2.password-hasher.js';
import { PostgresAdminRepository } from '../adapters/postgres/admin.postgres.adapter.js';
import { connectPostgres, type PostgresHandle } from '../adapters/postgres/connect.js';
import type { Database } from '../adapters/postgres/database.js';
import { PostgresInventory } from '../adapters/postgres/inventory.postgres.adapter.js';
import { migrateToLatest } from '../adapters/postgres/migrate.js';
import { PostgresOrderStore } from '../adapters/postgres/orders.postgres.adapter.js';
import { SalesRollup } from '../adapters/postgres/sales-reports.postgres.adapter.js';
import { ANALYTICS_ROUTES } from '../admin-ec2/analytics/analytics.route-table.js';
import { ADMIN_SESSION_COOKIE } from '../admin-ec2/routes.js';
import { newTotpSecret, totpCode } from '../domain/admin/totp.js';
import type { PendingOrder } from '../domain/orders/orders.ports.js';
import { priceOrder } from '../domain/orders/pricing.js';
import { newId } from '../domain/shared/ids.js';
import { money } from '../domain/shared/money.js';
import { startProcess, waitForHttp } from '../local/processes.js';
import { freePort } from '../tests/support/free-port.js';
import { freshDatabase } from '../tests/support/postgres.js';
import { TEST_ADDRESS } from '../tests/support/shipping.js';
import { closedLoopSample, type LoopSample, percentile, summarize } from './lib/closed-loop.js';
import { printTable } from './lib/load.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DATABASE_URL = process.env.DATABASE_URL;
const REPLICA_DATABASE_URL = process.env.REPLICA_DATABASE_URL;
const ROLLUP_CALLS = Number(process.env.BENCH_ROLLUP_CALLS ?? 40);
const LIVE_CALLS = Number(process.env.BENCH_LIVE_CALLS ?? 5);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 10);
const BUYERS = 16;
/** 0 keeps every server on every CPU (the replica then competes with the primary for this machine's cores). */
const PIN_CPUS = process.env.BENCH_PIN_CPUS !== '0';
const DASHBOARD_VIEWERS = Number(process.env.BENCH_DASHBOARD_VIEWERS ?? 4);
/** Between two loads of the whole dashboard by one viewer (a person changing the range, reloading). */
const DASHBOARD_THINK_MS = Number(process.env.BENCH_DASHBOARD_THINK_MS ?? 2000);

async function main() {
  if (!DATABASE_URL || !REPLICA_DATABASE_URL)
    throw new Error(
      'set DATABASE_URL (the primary database holding the history) and REPLICA_DATABASE_URL (the same database on the replica); fill it with DATABASE_URL=... npm run demo:history -- --orders 1000000',
    );
  const primary = await connectPostgres({
    kind: 'server',
    url: DATABASE_URL,
    maxConnections: 4,
    statementTimeoutMs: 600_000,
    applicationName: 'bench-admin',
  });
  const applied = await migrateToLatest(primary.db, (line) => console.log(`  ${line}`));
  if (applied > 0) await replicaReplayed(primary);
  const [{ orders, first, last }] = (
    await sql<{ orders: string; first: string; last: string }>`
      select count(*) as orders, min(created_at)::date::text as first, max(created_at)::date::text as last
      from orders`.execute(primary.db)
  ).rows as [{ orders: string; first: string; last: string }];
  const history = Number(orders);
  console.log(`  history: ${history.toLocaleString('en')} orders, ${first} to ${last}`);

  // 1. Every analytics endpoint, rollup vs live, over HTTP from the replica.
  const email = `bench-${Date.now()}@admin.local`;
  const secret = newTotpSecret();
  await new PostgresAdminRepository(primary.db).create(
    { id: newId('adm'), email, name: 'Bench', role: 'owner', createdAt: new Date().toISOString() },
    await new Argon2PasswordHasher({ memoryCost: 8_192, timeCost: 1 }).hash('bench-password-1'),
    secret,
  );
  // The admin server as on its EC2 host: a process of its own (so it can sit with the replica, off the primary's CPU).
  const port = await freePort();
  const admin = startProcess({
    name: 'admin',
    command: process.execPath,
    args: [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'admin-ec2', 'main.ts')],
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      STAGE: 'ci',
      DATABASE_URL,
      REPLICA_DATABASE_URL,
      SECURE_COOKIES: 'false',
      TRUSTED_PROXY_HOPS: '0',
      // The bench refreshes the rollups itself (step 2); none in between.
      ROLLUP_REFRESH_SECONDS: '86400',
      LOG_LEVEL: 'error',
    },
    logFile: join(ROOT, '.data', 'bench', 'logs', 'admin-bench-admin.log'),
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/ready`, 120_000, admin.child);
  const replica = await connectPostgres({
    kind: 'server',
    url: REPLICA_DATABASE_URL,
    maxConnections: 1,
    statementTimeoutMs: 10_000,
    applicationName: 'bench-admin',
    readOnly: true,
  });
  const login = await fetch(`${base}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'bench-password-1', code: totpCode(secret, Date.now()) }),
  });
  if (login.status !== 200)
    throw new Error(`bench admin login failed: ${login.status} ${await login.text()}`);
  const session = login.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${ADMIN_SESSION_COOKIE}=`))!
    .split(';')[0]!;
  const range = `from=${first}&to=${last}`;
  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { cookie: session } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  const endpoints = Object.values(ANALYTICS_ROUTES).filter((route) => !route.path.endsWith('.csv'));
  const latency: { endpoint: string; source: string; calls: number; p50Ms: number; p99Ms: number }[] = [];
  for (const route of endpoints) {
    for (const [source, calls] of [
      ['rollup', ROLLUP_CALLS],
      ['live', LIVE_CALLS],
    ] as const) {
      const path = `${route.path}?${range}&source=${source}`;
      await get(path); // warm: plans cached, pages in memory
      const times: number[] = [];
      for (let i = 0; i < calls; i++) times.push(await get(path));
      times.sort((a, b) => a - b);
      latency.push({
        endpoint: route.path.replace('/admin/api/analytics/', ''),
        source,
        calls,
        p50Ms: percentile(times, 50),
        p99Ms: percentile(times, 99),
      });
      process.stdout.write('.');
    }
  }
  console.log();
  const speedups = endpoints.map((route) => {
    const name = route.path.replace('/admin/api/analytics/', '');
    const [rollup, live] = latency.filter((l) => l.endpoint === name);
    return { endpoint: name, liveOverRollupP50: Math.round((live!.p50Ms / rollup!.p50Ms) * 10) / 10 };
  });

  // 2. Keeping the rollups fresh: refresh on the primary, then until the replica has replayed it.
  const refreshes: { refreshMs: number; replicaCaughtUpMs: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const ms = await new SalesRollup(primary.db).refresh();
    refreshes.push({
      refreshMs: Math.round(ms),
      replicaCaughtUpMs: Math.round(await replicaReplayed(primary)),
    });
  }

  // 3. The primary's checkout throughput, without and with the dashboard on the replica.
  const checkoutDb = await freshDatabase(DATABASE_URL);
  const skus = Array.from({ length: 200 }, (_, i) => `BENCH-${i}`);
  await new PostgresInventory(checkoutDb.db).openStock(skus.map((sku) => ({ sku, onHand: 10_000_000 })));
  const userIds = Array.from({ length: 500 }, () => newId('usr'));
  await checkoutDb.db
    .insertInto('users')
    .values(
      userIds.map((id) => ({ id, email: `${id.toLowerCase()}@bench.local`, name: 'B', password_hash: 'x' })),
    )
    .execute();
  const store = new PostgresOrderStore(checkoutDb.db);
  const checkout = async (n: number) => {
    const unit = money(1999 + (n % 50) * 100, 'USD');
    const quantity = 1 + (n % 3);
    const lineTotal = money(unit.amount * quantity, 'USD');
    const price = priceOrder(lineTotal, 'US', 'standard');
    const orderId = newId('ord');
    const pending: PendingOrder = {
      orderId,
      userId: userIds[n % userIds.length]!,
      idempotencyKey: `bench-${orderId}`,
      requestHash: 'bench',
      paymentToken: 'tok_visa',
      subtotal: price.subtotal,
      shipping: price.shipping,
      tax: price.tax,
      total: price.total,
      shippingAddress: TEST_ADDRESS,
      lines: [
        {
          sku: skus[n % skus.length]!,
          productId: `prd_bench${n % skus.length}`,
          name: 'Bench item',
          unitPrice: unit,
          quantity,
          lineTotal,
        },
      ],
      createdAt: new Date().toISOString(),
    };
    const placed = await store.placePending(pending);
    if (placed.kind !== 'placed') return false;
    return store.confirm(
      orderId,
      { provider: 'bench', reference: `ch_${orderId}`, amount: price.total },
      { status: 201, body: { id: orderId } },
    );
  };
  const dashboardPaths = endpoints.map((route) => `${route.path}?${range}&source=rollup`);
  let dashboardCalls = 0;
  /** Viewers each loading the whole dashboard (every chart at once, as the page does), then reading it a moment. */
  const dashboard = async (seconds: number) => {
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: DASHBOARD_VIEWERS }, async () => {
        while (performance.now() < deadline) {
          await Promise.all(dashboardPaths.map((path) => get(path)));
          dashboardCalls += dashboardPaths.length;
          await new Promise((r) => setTimeout(r, DASHBOARD_THINK_MS));
        }
      }),
    );
  };
  const without: LoopSample[] = [];
  const withDashboard: LoopSample[] = [];
  // On AWS the reader is its own instance. On one machine the replica would take the primary's CPU instead, so when
  // both servers run here they get a CPU each (the load generator stays with the primary): two hosts, not one.
  const pinned = PIN_CPUS ? await pinServersToCpus(primary, replica, admin.child.pid!) : null;
  if (pinned) console.log(`  ${pinned}`);
  await closedLoopSample({ concurrency: BUYERS, seconds: 3, warmupSeconds: 0, call: checkout });
  for (let round = 0; round < 3; round++) {
    without.push(
      await closedLoopSample({
        concurrency: BUYERS,
        seconds: ROUND_SECONDS,
        warmupSeconds: 0,
        call: checkout,
      }),
    );
    const [sample] = await Promise.all([
      closedLoopSample({ concurrency: BUYERS, seconds: ROUND_SECONDS, warmupSeconds: 0, call: checkout }),
      dashboard(ROUND_SECONDS),
    ]);
    withDashboard.push(sample);
  }
  const baseline = summarize('checkouts, no analytics', BUYERS, without);
  const loaded = summarize(
    `checkouts, ${DASHBOARD_VIEWERS} viewers loading the dashboard every ${DASHBOARD_THINK_MS / 1000} s (replica)`,
    BUYERS,
    withDashboard,
  );
  unpin();
  const throughputRatio = Math.round((loaded.callsPerSecond / baseline.callsPerSecond) * 1000) / 1000;

  await admin.stop();
  await replica.close();
  await checkoutDb.close();
  await primary.close();

  printTable(
    `Analytics over ${history.toLocaleString('en')} orders (${first} to ${last}), from the replica, over HTTP`,
    ['endpoint', 'source', 'calls', 'p50 ms', 'p99 ms'],
    latency.map((l) => [l.endpoint, l.source, l.calls, l.p50Ms, l.p99Ms]),
  );
  printTable(
    'Live / rollup (p50)',
    ['endpoint', 'ratio'],
    speedups.map((s) => [s.endpoint, s.liveOverRollupP50]),
  );
  printTable(
    'Rollup refresh (all materialized views, CONCURRENTLY, on the primary)',
    ['run', 'refresh ms', 'replica has it after ms'],
    refreshes.map((r, i) => [i + 1, r.refreshMs, r.replicaCaughtUpMs]),
  );
  printTable(
    `Primary checkout throughput (${BUYERS} buyers, ${without.length} interleaved rounds of ${ROUND_SECONDS} s each; ${pinned ? 'primary and replica on a CPU each' : 'servers sharing every CPU'})`,
    ['scenario', 'checkouts/s', 'p50 ms', 'p99 ms', 'errors'],
    [baseline, loaded].map((r) => [r.name, r.callsPerSecond, r.p50Ms, r.p99Ms, r.errors]),
  );
  const worstRollupP99 = Math.max(...latency.filter((l) => l.source === 'rollup').map((l) => l.p99Ms));
  printTable(
    'Goals',
    ['goal', 'measured', 'met'],
    [
      ['every chart p99 < 500 ms (rollup)', `${worstRollupP99} ms`, worstRollupP99 < 500 ? 'yes' : 'no'],
      ['checkout throughput with analytics >= 0.95', throughputRatio, throughputRatio >= 0.95 ? 'yes' : 'no'],
    ],
  );
  console.log(`\n  dashboard requests during the loaded rounds: ${dashboardCalls}`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'results', 'admin.json'),
    `${JSON.stringify({ date: new Date().toISOString(), history, range: { first, last }, latency, speedups, refreshes, checkout: { baseline, loaded, throughputRatio, dashboardCalls, pinned } }, null, 2)}\n`,
  );
  console.log('  wrote bench/results/admin.json');
}

/** The postmaster of the server `db` talks to, and every process it started (its checkpointer's parent). */
async function serverProcesses(db: Kysely<Database>): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'`.execute(db);
  const checkpointer = rows[0]?.pid;
  if (!checkpointer || !existsSync(`/proc/${checkpointer}/stat`)) return [];
  const parentOf = (pid: number) =>
    Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  const postmaster = parentOf(checkpointer);
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return parentOf(pid) === postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children];
}

/** Undoes the pinning (the servers outlive the bench). */
let unpin = () => {};

/** Primary (and this process) on CPU 0, replica and admin server on CPU 1, when both servers run on this machine; else null. */
async function pinServersToCpus(
  primary: PostgresHandle,
  replica: PostgresHandle,
  adminPid: number,
): Promise<string | null> {
  const primaryPids = await serverProcesses(primary.db);
  const replicaPids = await serverProcesses(replica.db);
  if (primaryPids.length === 0 || replicaPids.length === 0 || primaryPids[0] === replicaPids[0]) return null;
  const pin = (cpu: number, pids: number[]) => {
    for (const pid of pids)
      spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
  };
  pin(0, [...primaryPids, process.pid]);
  pin(1, [...replicaPids, adminPid]);
  unpin = () => {
    const all = `0-${availableParallelism() - 1}`;
    for (const pid of [...primaryPids, ...replicaPids, process.pid, adminPid])
      spawnSync('taskset', ['-a', '-p', '-c', all, String(pid)], { stdio: 'ignore' });
  };
  return 'pinned: primary and checkout load on CPU 0, replica and admin server on CPU 1 (other hosts on AWS)';
}

/** Waits until the replica has replayed the primary's WAL as of now; answers how long that took (ms). */
async function replicaReplayed(primary: PostgresHandle): Promise<number> {
  const replica = new pg.Client({ connectionString: REPLICA_DATABASE_URL });
  await replica.connect();
  const started = performance.now();
  const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary.db);
  try {
    for (;;) {
      const replayed = await replica.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as caught_up', [
        rows[0]!.lsn,
      ]);
      if (replayed.rows[0].caught_up) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await replica.end();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`\n  bench:admin failed: ${error.message}`);
    process.exit(1);
  },
);
