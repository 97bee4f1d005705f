/**
 * npm run bench:products — the public product-list path, measured against baselines in the same run:
 * (a) bare node:http with the same bytes, (b) the handler with a warm cache behind a thin adapter, at 16 and 64
 * connections, (c) the same through serverless-offline, (d) the cache-miss path on a small and a large catalog;
 * then the packaged functions' cold starts (fresh processes, cache hit and miss), where a cold start goes step by
 * step, and what a million requests cost at three memory sizes. Prints tables, writes bench/results/products.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { Redis } from 'ioredis';
import { ElectroDbCatalogRepository } from '../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../adapters/dynamodb/dynamodb-client.js';
import { ensureTables, tableDefinitions } from '../adapters/dynamodb/table-definitions.js';
import { type RunningProcess, startProcess, waitForHttp, waitForPort } from '../local/processes.js';
import { seedCatalog } from '../local/seed/seed-catalog.js';
import { startServerlessOffline } from '../local/serverless-offline.js';
import { type LoadResult, load, printTable } from './lib/load.js';
import { groupCpuMs } from './lib/process-cpu.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DATA = join(ROOT, '.data', 'bench');
const WORK = join(ROOT, '.build', 'cold');
const SMALL = Number(process.env.BENCH_SMALL_CATALOG ?? 2000);
const LARGE = Number(process.env.BENCH_LARGE_CATALOG ?? 200_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 20);
const PORTS = {
  dynamo: 18000,
  bare: 18001,
  thin: 18002,
  offline: 18003,
  lambda: 18004,
  miss: 18005,
  redis: 18006,
};
const TABLES = { small: 'shop-local-catalog', large: 'bench-large-catalog' };
const PAGE = '/api/products?limit=24';
/** Lambda gives a function one vCPU at 1,769 MB and a share in proportion below that. */
const FULL_VCPU_MB = 1769;
const MEMORY_SIZES = [512, 1024, 1769];
const children: RunningProcess[] = [];

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const median = (values: number[]) => quantile(values, 0.5);

const child = (name: string, command: string, args: string[], env: Record<string, string>) => {
  const started = startProcess({
    name,
    command,
    args,
    cwd: ROOT,
    env: { ...process.env, ...env },
    logFile: join(DATA, 'logs', `${name}.log`),
  });
  children.push(started);
  return started;
};
const tsx = (script: string, env: Record<string, string>, name: string) =>
  child(
    name,
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bench', 'servers', script)],
    env,
  );

const catalogEnv = (table: string) => ({
  CATALOG_TABLE: table,
  DYNAMODB_ENDPOINT: `http://127.0.0.1:${PORTS.dynamo}`,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  STAGE: 'local',
});

async function seedIfNeeded(client: ReturnType<typeof createDynamoDbClient>, table: string, count: number) {
  const marker = join(DATA, `${table}.seeded`);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(count)) return;
  console.log(`  seeding ${count} products into ${table} (once; kept in .data/bench)`);
  await seedCatalog(new ElectroDbCatalogRepository(client, table), count);
  writeFileSync(marker, String(count));
}

/** A private redis-server for the cache-hit rows (the cold and warm paths as on AWS), if one is installed. */
async function startRedis(): Promise<Redis | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined;
  child(
    'redis',
    'redis-server',
    ['--port', String(PORTS.redis), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
  );
  await waitForPort(PORTS.redis, 10_000);
  return new Redis(PORTS.redis, '127.0.0.1');
}

/** RSS of a process and its children (tsx runs the server in a child of its own). */
function rssMb(pid: number): number {
  const own = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return own + children.reduce((sum, child) => sum + rssMb(Number(child)), 0);
}

async function lambdaServer(name: string, port: number, table: string, env: Record<string, string>) {
  const server = tsx(
    'thin-lambda.ts',
    { BENCH_PORT: String(port), ...catalogEnv(table), LOG_LEVEL: 'info', ...env },
    name,
  );
  await waitForHttp(`http://127.0.0.1:${port}${PAGE}`, 60_000, server.child);
  return server;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
type Measured = Awaited<ReturnType<typeof measured>>;

/** Rounds of one scenario as one row: requests per second and CPU averaged, latency percentiles the worst round's. */
function combined(rounds: Measured[]): Measured {
  const mean = (pick: (m: Measured) => number) => rounds.reduce((sum, m) => sum + pick(m), 0) / rounds.length;
  return {
    ...rounds[0]!,
    requestsPerSecond: Math.round(mean((m) => m.requestsPerSecond)),
    p50Ms: Math.max(...rounds.map((m) => m.p50Ms)),
    p99Ms: Math.max(...rounds.map((m) => m.p99Ms)),
    errors: rounds.reduce((sum, m) => sum + m.errors, 0),
    non2xx: rounds.reduce((sum, m) => sum + m.non2xx, 0),
    cpuMsPerRequest: round(
      mean((m) => m.cpuMsPerRequest),
      3,
    ),
    rssMb: Math.max(...rounds.map((m) => m.rssMb)),
  };
}

/** A load on a server process, with the CPU it used per request and its RSS at the end. */
async function measured(name: string, server: RunningProcess, port: number, connections: number) {
  const cpuBefore = groupCpuMs(server.child.pid!);
  const result = await load(name, `http://127.0.0.1:${port}${PAGE}`, {
    connections,
    durationSeconds: DURATION,
  });
  const cpuMs = groupCpuMs(server.child.pid!) - cpuBefore;
  return {
    ...result,
    connections,
    cpuMsPerRequest: round(cpuMs / (result.requestsPerSecond * (DURATION + 3)), 3),
    rssMb: round(rssMb(server.child.pid!), 0),
  };
}

interface ColdRun {
  nodeStartMs: number;
  importMs: number;
  firstCallMs: number;
  initMs: number;
  status: number;
  rssMb: number;
}

/** One fresh node process: import the handler module, answer one request, report the times. */
function coldRun(entry: string, env: Record<string, string>, event: object, expectOk = true): ColdRun {
  const script = `
    const nodeStartMs = performance.now();
    const { handler } = await import(${JSON.stringify(entry)});
    const imported = performance.now();
    const response = await handler(${JSON.stringify(event)}, {});
    const answered = performance.now();
    console.log(JSON.stringify({ nodeStartMs, importMs: imported - nodeStartMs, firstCallMs: answered - imported,
      initMs: answered - nodeStartMs, status: response.statusCode, rssMb: process.memoryUsage.rss() / 2 ** 20 }));
    process.exit(0);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  const run = JSON.parse(out.toString().trim().split('\n').at(-1)!) as ColdRun;
  if (expectOk && run.status !== 200) throw new Error(`cold start of ${entry} answered ${run.status}`);
  return run;
}

function coldSummary(name: string, runs: ColdRun[]) {
  const stat = (pick: (run: ColdRun) => number) => ({
    median: round(median(runs.map(pick))),
    p90: round(quantile(runs.map(pick), 0.9)),
  });
  return {
    name,
    runs: runs.length,
    nodeStartMs: stat((r) => r.nodeStartMs),
    importMs: stat((r) => r.importMs),
    firstCallMs: stat((r) => r.firstCallMs),
    initMs: stat((r) => r.initMs),
    rssMb: round(median(runs.map((r) => r.rssMb)), 0),
  };
}

const listEvent = (requestId: string) => ({
  version: '2.0',
  rawPath: '/api/products',
  rawQueryString: 'limit=24',
  headers: {},
  queryStringParameters: { limit: '24' },
  pathParameters: { idOrSlug: 'bench' },
  requestContext: { requestId, http: { method: 'GET', path: '/api/products' } },
});

/**
 * The product API's functions: those API Gateway invokes. The stream indexer and the order sweeper are packaged
 * too, but they need their own settings (a search node, a database) and no shopper waits on their cold start.
 */
function productApiFunctions(state: PackagedState): string[] {
  return Object.entries(state.service.functions)
    .filter(([, fn]) => fn.events.some((event) => 'httpApi' in event))
    .map(([name]) => name);
}

interface PackagedState {
  service: {
    functions: Record<string, { handler: string; events: Record<string, unknown>[] }>;
    custom: { esbuild: BuildOptions & { exclude?: string[]; outputFileExtension?: string } };
  };
}

function unzipped(fn: string): string {
  const dir = join(WORK, fn);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('unzip', ['-q', join(ROOT, '.serverless', `${fn}.zip`), '-d', dir]);
  return dir;
}

const entryOf = (dir: string, handler: string) =>
  join(dir, `${handler.slice(0, handler.lastIndexOf('.'))}.mjs`);

/** A bundle built with the functions' own esbuild settings (from the packaged state), `external` as given. */
async function bundleLike(state: PackagedState, entry: string, outdir: string, external: string[]) {
  const {
    exclude: _exclude,
    outputFileExtension,
    packager: _p,
    skipRebuild: _s,
    watch: _w,
    ...options
  } = state.service.custom.esbuild as Record<string, unknown> & { outputFileExtension?: string };
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...(options as BuildOptions),
    entryPoints: [join(ROOT, entry)],
    outdir,
    outExtension: { '.js': outputFileExtension ?? '.mjs' },
    external,
    logLevel: 'error',
  });
}

async function coldStarts(state: PackagedState, redis: Redis | undefined) {
  const functions = productApiFunctions(state);
  const redisEnv: Record<string, string> = redis ? { REDIS_URL: `redis://127.0.0.1:${PORTS.redis}` } : {};
  const env = { ...catalogEnv(TABLES.small), LOG_LEVEL: 'info', ...redisEnv };
  const list = entryOf(unzipped('listProducts'), state.service.functions.listProducts!.handler);
  const repeat = (prepare: () => Promise<void>, run: () => ColdRun) => async () => {
    const runs: ColdRun[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      await prepare();
      runs.push(run());
    }
    return runs;
  };
  const flush = async () => {
    await redis?.flushall();
  };
  const rows = [];
  if (redis) {
    // The page in Redis for an hour: every fresh process finds it.
    const hitEnv = { ...env, CATALOG_LIST_TTL_SECONDS: '3600' };
    await flush();
    coldRun(list, hitEnv, listEvent('prime-cold-hit'));
    rows.push(
      coldSummary(
        'listProducts, cache hit (Redis)',
        await repeat(
          async () => {},
          () => coldRun(list, hitEnv, listEvent('cold-hit')),
        )(),
      ),
    );
  }
  rows.push(
    coldSummary(
      `listProducts, cache miss (${redis ? 'Redis empty' : 'no Redis'}, DynamoDB)`,
      await repeat(flush, () => coldRun(list, env, listEvent('cold-miss')))(),
    ),
  );
  // The same function with the AWS SDK bundled in (tree-shaken) instead of the runtime's.
  const bundledSdk = join(WORK, 'listProducts-bundled-sdk');
  await bundleLike(state, 'functions/list-products.ts', join(bundledSdk, 'functions'), []);
  rows.push(
    coldSummary(
      'listProducts, cache miss, AWS SDK bundled in',
      await repeat(flush, () =>
        coldRun(join(bundledSdk, 'functions', 'list-products.mjs'), env, listEvent('cold-sdk')),
      )(),
    ),
  );
  const functionRows = [];
  for (const fn of functions) {
    const entry = fn === 'listProducts' ? list : entryOf(unzipped(fn), state.service.functions[fn]!.handler);
    // getProduct's 'bench' slug and notFound answer 404: a cold start all the same.
    const runs = await repeat(flush, () => coldRun(entry, env, listEvent(`cold-${fn}`), false))();
    functionRows.push({
      fn,
      zipKb: Math.round(statSync(join(ROOT, '.serverless', `${fn}.zip`)).size / 1024),
      initMs: round(median(runs.map((r) => r.initMs))),
    });
  }
  return { rows, functionRows };
}

/** Where a cold start goes, step by step (bench/servers/cold-steps.ts), median over fresh processes. */
async function coldSteps(state: PackagedState, redis: Redis) {
  const outdir = join(WORK, 'steps');
  await bundleLike(state, 'bench/servers/cold-steps.ts', outdir, state.service.custom.esbuild.exclude ?? []);
  const env = {
    ...catalogEnv(TABLES.small),
    LOG_LEVEL: 'info',
    REDIS_URL: `redis://127.0.0.1:${PORTS.redis}`,
    CATALOG_LIST_TTL_SECONDS: '3600',
    // This machine's Node 20 draws the SDK's end-of-support notice on stderr; Lambda runs nodejs22.x.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const entry = join(outdir, 'cold-steps.mjs');
  const runs: [string, number][][] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    await redis.flushall();
    // One run leaves the categories and the page in the cache; without the page, the next is a miss after a hit.
    execFileSync(process.execPath, [entry], { cwd: ROOT, env: { PATH: process.env.PATH, ...env } });
    const pages = await redis.keys('local:catalog:list:*');
    if (pages.length > 0) await redis.del(...pages);
    const out = execFileSync(process.execPath, [entry], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
    });
    runs.push(JSON.parse(out.toString().trim().split('\n').at(-1)!).steps);
  }
  return runs[0]!.map(([name], i) => ({
    step: name,
    medianMs: round(median(runs.map((run) => run[i]![1]))),
    p90Ms: round(
      quantile(
        runs.map((run) => run[i]![1]),
        0.9,
      ),
    ),
  }));
}

/**
 * Lambda bills each request's duration (rounded up to 1 ms) times its memory, plus a price per request. Duration
 * at a size is the CPU a request used here (one full core) stretched by the CPU share that size gets, plus the
 * wait for the cache's two round trips (ElastiCache in the same AZ: about 0.5 ms each, not measured here).
 */
function costPerMillion(cpuMsPerRequest: number, initMs: number) {
  const prices = JSON.parse(readFileSync(join(ROOT, 'bench', 'cost', 'prices.json'), 'utf8')) as {
    compiled: string;
    prices: { lambdaArmGbSecond: number; lambdaRequestMillion: number };
  };
  const CACHE_WAIT_MS = 1;
  return {
    pricesCompiled: prices.compiled,
    gbSecond: prices.prices.lambdaArmGbSecond,
    requestMillion: prices.prices.lambdaRequestMillion,
    sizes: MEMORY_SIZES.map((memoryMb) => {
      const slowdown = Math.max(1, FULL_VCPU_MB / memoryMb);
      const durationMs = cpuMsPerRequest * slowdown + CACHE_WAIT_MS;
      const billedMs = Math.ceil(durationMs);
      const usd =
        1e6 * (billedMs / 1000) * (memoryMb / 1024) * prices.prices.lambdaArmGbSecond +
        prices.prices.lambdaRequestMillion;
      return {
        memoryMb,
        durationMs: round(durationMs, 2),
        billedMs,
        usdPerMillion: round(usd, 2),
        initMs: round(initMs * slowdown, 0),
      };
    }),
  };
}

async function main() {
  mkdirSync(join(DATA, 'logs'), { recursive: true });
  console.log('  packaging the functions (osls package --stage bench)');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'), 'package', '--stage', 'bench'],
    { cwd: ROOT, stdio: 'ignore' },
  );
  const state = JSON.parse(
    readFileSync(join(ROOT, '.serverless', 'serverless-state.json'), 'utf8'),
  ) as PackagedState;

  const dynamo = tsx(
    'dynalite.ts',
    { BENCH_PORT: String(PORTS.dynamo), BENCH_DYNAMODB_PATH: join(DATA, 'dynamodb') },
    'dynalite',
  );
  await waitForPort(PORTS.dynamo, 30_000);
  const client = createDynamoDbClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${PORTS.dynamo}`,
    requestTimeoutMs: 30_000,
  });
  await ensureTables(client, tableDefinitions({ CatalogTable: TABLES.small }));
  await ensureTables(client, tableDefinitions({ CatalogTable: TABLES.large }));
  await seedIfNeeded(client, TABLES.small, SMALL);
  await seedIfNeeded(client, TABLES.large, LARGE);
  const redis = await startRedis();
  if (!redis)
    console.log('  no redis-server on PATH: the cache-hit cold start and the Redis rows are skipped');

  const results: (LoadResult & { connections: number; cpuMsPerRequest?: number; rssMb?: number })[] = [];
  const thin = await lambdaServer('thin-warm', PORTS.thin, TABLES.small, { CATALOG_LIST_TTL_SECONDS: '60' });
  const body = await (await fetch(`http://127.0.0.1:${PORTS.thin}${PAGE}`)).arrayBuffer();
  writeFileSync(join(DATA, 'page.json'), Buffer.from(body));
  const bare = tsx(
    'bare-http.ts',
    { BENCH_PORT: String(PORTS.bare), BENCH_BODY_FILE: join(DATA, 'page.json') },
    'bare',
  );
  await waitForHttp(`http://127.0.0.1:${PORTS.bare}/`, 30_000);

  console.log(
    `  load: ${CONNECTIONS.join(' and ')} connections, ${ROUNDS} alternating rounds of 3 s warm-up + ${DURATION} s, GET ${PAGE}`,
  );
  // The two servers alternate, round after round, so a change in the machine's other load falls on both alike.
  const roundRatios: Record<number, number[]> = {};
  for (const connections of CONNECTIONS) {
    const rounds: { bare: Measured; warm: Measured }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push({
        bare: await measured('a. bare node:http, same bytes', bare, PORTS.bare, connections),
        warm: await measured(
          'b. handler, warm in-process cache, thin adapter',
          thin,
          PORTS.thin,
          connections,
        ),
      });
    }
    roundRatios[connections] = rounds.map((r) =>
      round(r.warm.requestsPerSecond / r.bare.requestsPerSecond, 2),
    );
    results.push(combined(rounds.map((r) => r.bare)), combined(rounds.map((r) => r.warm)));
  }
  await thin.stop();
  // The same handler without its access line (LOG_LEVEL=warn), beside the bare server again: what the one line per
  // request (issue 11's contract; a write to stdout each time) costs of the ratio.
  const quiet = await lambdaServer('thin-quiet', PORTS.thin, TABLES.small, {
    CATALOG_LIST_TTL_SECONDS: '60',
    LOG_LEVEL: 'warn',
  });
  const quietBare = await measured('a. bare node:http, same bytes', bare, PORTS.bare, CONNECTIONS[0]!);
  const quietRun = await measured(
    'b. handler, warm in-process cache, thin adapter, no access line',
    quiet,
    PORTS.thin,
    CONNECTIONS[0]!,
  );
  results.push(quietRun);
  const quietRatio = round(quietRun.requestsPerSecond / quietBare.requestsPerSecond, 2);
  await quiet.stop();
  if (redis) {
    const warmRedis = await lambdaServer('thin-redis', PORTS.thin, TABLES.small, {
      CATALOG_LIST_TTL_SECONDS: '60',
      REDIS_URL: `redis://127.0.0.1:${PORTS.redis}`,
    });
    results.push(
      await measured('b. handler, warm Redis cache, thin adapter', warmRedis, PORTS.thin, CONNECTIONS[0]!),
    );
    await warmRedis.stop();
  }

  const offline = startServerlessOffline({
    httpPort: PORTS.offline,
    lambdaPort: PORTS.lambda,
    env: { DYNAMODB_ENDPOINT: `http://127.0.0.1:${PORTS.dynamo}`, LOG_LEVEL: 'warn' },
    logFile: join(DATA, 'logs', 'offline.log'),
  });
  children.push(offline);
  await waitForHttp(`http://127.0.0.1:${PORTS.offline}${PAGE}`, 120_000, offline.child);
  results.push({
    ...(await load('c. handler, warm cache, serverless-offline', `http://127.0.0.1:${PORTS.offline}${PAGE}`, {
      connections: CONNECTIONS[0]!,
      durationSeconds: DURATION,
    })),
    connections: CONNECTIONS[0]!,
  });
  await offline.stop();

  for (const [label, table] of [
    [`${SMALL}`, TABLES.small],
    [`${LARGE}`, TABLES.large],
  ] as const) {
    const miss = await lambdaServer(`miss-${label}`, PORTS.miss, table, { CATALOG_LIST_TTL_SECONDS: '0' });
    results.push(
      await measured(
        `d. cache miss, ${Number(label).toLocaleString('en-US')} products`,
        miss,
        PORTS.miss,
        CONNECTIONS[0]!,
      ),
    );
    await miss.stop();
  }

  console.log(`  cold starts: ${COLD_RUNS} fresh processes per row`);
  const cold = await coldStarts(state, redis);
  const steps = redis ? await coldSteps(state, redis) : [];
  redis?.disconnect();
  await dynamo.stop();
  client.destroy();

  const find = (prefix: string, connections: number) =>
    results.find((r) => r.name.startsWith(prefix) && r.connections === connections)!;
  // Each connection count's ratio is the median of its rounds' ratios.
  const ratios: Record<string, number> = Object.fromEntries(
    CONNECTIONS.map((c) => [`warmOverBare${c}`, median(roundRatios[c]!)]),
  );
  const missSmall = results.find(
    (r) => r.name.startsWith('d.') && r.name.includes(SMALL.toLocaleString('en-US')),
  )!;
  const missLarge = results.find(
    (r) => r.name.startsWith('d.') && r.name.includes(LARGE.toLocaleString('en-US')),
  )!;
  ratios.missP99LargeOverSmall = round(missLarge.p99Ms / Math.max(missSmall.p99Ms, 1), 2);
  ratios[`warmWithoutAccessLineOverBare${CONNECTIONS[0]}`] = quietRatio;
  const warmForCost =
    results.find((r) => r.name.includes('Redis')) ?? find('b. handler, warm in-process', CONNECTIONS[0]!);
  const cost = costPerMillion(warmForCost.cpuMsPerRequest!, cold.rows[0]!.initMs.median);

  printTable(
    'Product list: throughput and latency',
    ['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'RSS MB', 'errors', 'non-2xx'],
    results.map((r) => [
      r.name,
      r.connections,
      r.requestsPerSecond,
      r.p50Ms,
      r.p99Ms,
      r.cpuMsPerRequest ?? '',
      r.rssMb ?? '',
      r.errors,
      r.non2xx,
    ]),
  );
  for (const c of CONNECTIONS)
    console.log(`  b/a per round at ${c} connections: ${roundRatios[c]!.join(', ')}`);
  printTable(
    'Ratios (goals: b/a >= 0.6, large/small miss p99 <= 1.5)',
    ['ratio', 'value'],
    Object.entries(ratios),
  );
  printTable(
    'Cold start of the packaged function, import + first response (goals: hit <= 60 ms, miss <= 150 ms)',
    ['scenario', 'runs', 'Node start', 'import', 'first call', 'init median', 'init p90', 'RSS MB'],
    cold.rows.map((r) => [
      r.name,
      r.runs,
      r.nodeStartMs.median,
      r.importMs.median,
      r.firstCallMs.median,
      r.initMs.median,
      r.initMs.p90,
      r.rssMb,
    ]),
  );
  printTable(
    'Where a cold start goes (list-products, cache miss after a cached categories read)',
    ['step', 'median ms', 'p90 ms'],
    steps.map((s) => [s.step, s.medianMs, s.p90Ms]),
  );
  printTable(
    'Packaged functions',
    ['function', 'zip KB', `cold init ms (median of ${COLD_RUNS})`],
    cold.functionRows.map((c) => [c.fn, c.zipKb, c.initMs]),
  );
  printTable(
    `Cost per million warm requests (Lambda ARM, prices compiled ${cost.pricesCompiled})`,
    ['memory MB', 'duration ms', 'billed ms', 'USD / million', 'cold init ms'],
    cost.sizes.map((s) => [s.memoryMb, s.durationMs, s.billedMs, s.usdPerMillion, s.initMs]),
  );
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    load: { connections: CONNECTIONS, durationSeconds: DURATION },
    catalog: { small: SMALL, large: LARGE },
    results,
    ratios,
    roundRatios,
    rounds: ROUNDS,
    cold,
    steps,
    cost,
  };
  writeFileSync(join(ROOT, 'bench', 'results', 'products.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('\n  wrote bench/results/products.json');
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const running of children) await running.stop();
  });
