/**
 * npm run bench:mixed — a shop's day in miniature on the local shop: signed-in shoppers, each a closed loop, sending
 * a mix of browse 70% (category pages, product pages), search 15% (searches, suggests), cart 10% (add a line, view
 * the cart) and checkout 5%. Before the mix, in the same run and with the same connections, two baselines through the
 * same edge: a static file, and the cached product list. Reports throughput, p50/p99 per route (and p50 as a ratio to
 * the product list's), 4xx/5xx, and every shop process's memory before and after.
 * `--soak-minutes N` then keeps the mix going for N minutes and compares memory after the first two minutes (warm-up) with
 * memory at the end, each taken after a few idle seconds: end / start per process and in total.
 * Options: --duration 60 (seconds), --soak-minutes 0, --concurrency 8, --real (or BENCH_REAL=1: REDIS_URL and
 * DATABASE_URL required, OPENSEARCH_URL used when set; a fresh database is created and dropped). Default: the embedded
 * back ends, as `npm start` runs them.
 * Writes bench/results/mixed.json; exits 1 on any 5xx or unanswered request, or when the soak grows the shop (its
 * services, product API and admin together) by 10% or more after the warm-up; each process is reported, and so is this
 * one, which hosts the local stand-ins.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoCategories, demoProducts } from '../local/seed/demo-catalog.js';
import { type LocalShop, startLocalShop } from '../local/shop.js';
import { localShopConfig } from '../tests/support/local-shop-config.js';
import { freshDatabase } from '../tests/support/postgres.js';
import { SHIP_STANDARD } from '../tests/support/shipping.js';
import {
  closedLoopSample,
  keepAliveAgent,
  type LoopResult,
  type LoopSample,
  percentile,
  send,
  summarize,
} from './lib/closed-loop.js';
import { printTable } from './lib/load.js';
import { type MemorySample, sampleShopMemory } from './lib/shop-memory.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const SEED_PRODUCTS = 2400;
const IDLE_SECONDS = 10;
const SOAK_GROWTH_LIMIT = 1.1;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    'soak-minutes': { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '8' },
    real: { type: 'boolean', default: process.env.BENCH_REAL === '1' },
  },
});
const DURATION = Number(args.duration);
const SOAK_MINUTES = Number(args['soak-minutes']);
const CONCURRENCY = Number(args.concurrency);
for (const [name, value] of Object.entries({ DURATION, SOAK_MINUTES, CONCURRENCY }))
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not ${value}`);
/** Caches fill and heaps settle in these first minutes of the soak; memory is compared from their end on. */
const SOAK_WARMUP_MINUTES = 2;
if (SOAK_MINUTES > 0 && SOAK_MINUTES <= SOAK_WARMUP_MINUTES)
  throw new Error(
    `--soak-minutes needs more than ${SOAK_WARMUP_MINUTES} (the first ${SOAK_WARMUP_MINUTES} are the warm-up)`,
  );

type Route =
  | 'browse: list'
  | 'browse: product'
  | 'search'
  | 'search: suggest'
  | 'cart: add'
  | 'cart: view'
  | 'checkout';
const AREA: Record<Route, string> = {
  'browse: list': 'browse',
  'browse: product': 'browse',
  search: 'search',
  'search: suggest': 'search',
  'cart: add': 'cart',
  'cart: view': 'cart',
  checkout: 'checkout',
};
/** Each shopper's round of 20 requests: 14 browse, 3 search, 2 cart, 1 checkout (of what it added). */
const ROUND: Route[] = [
  ...['browse: list', 'browse: product', 'browse: product', 'search', 'browse: list'],
  ...['browse: product', 'browse: product', 'cart: add', 'browse: list', 'browse: product'],
  ...['search', 'browse: product', 'browse: list', 'browse: product', 'cart: view'],
  ...['browse: product', 'search: suggest', 'browse: list', 'browse: product', 'checkout'],
] as Route[];
const WORDS = ['hedphones', 'boots', 'coffee beans', 'black jacket', 'yoga mat', 'backpack', 'wool', 'lamp'];

const catalog = [...demoProducts(SEED_PRODUCTS)].filter((p) => p.status === 'active');
const slugs = catalog.map((p) => p.slug);
// Plenty of stock, spread over many SKUs, so a long soak does not sell anything out.
const skus = catalog.flatMap((p) => p.variants.filter((v) => v.availability.count >= 20).map((v) => v.sku));
const categories = demoCategories().map((c) => c.slug);

interface RouteStats {
  latencies: number[];
  statuses: Map<number, number>;
}
/** Per-route latencies and statuses of the stretch being measured; replaced for each one, so nothing accumulates. */
let stats = new Map<Route, RouteStats>();

function record(route: Route, status: number, ms: number) {
  const entry = stats.get(route) ?? { latencies: [], statuses: new Map<number, number>() };
  stats.set(route, entry);
  entry.latencies.push(ms);
  entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
}

const agent = keepAliveAgent(CONCURRENCY);

/** One shopper's next request: `n` is shared by all (it spreads products and words), `worker` is the shopper. */
function mixCall(base: string, cookies: string[], runId: string) {
  const position = cookies.map(() => 0);
  const checkouts = cookies.map(() => 0);
  return async (n: number, worker: number): Promise<boolean> => {
    const route = ROUND[position[worker]!++ % ROUND.length]!;
    const headers = { cookie: cookies[worker]! };
    const word = WORDS[n % WORDS.length]!;
    const request: Record<Route, () => Parameters<typeof send>> = {
      'browse: list': () => [
        agent,
        `${base}/api/products?category=${categories[n % categories.length]}&limit=24`,
      ],
      'browse: product': () => [agent, `${base}/api/products/${slugs[(n * 7919) % slugs.length]}`],
      search: () => [agent, `${base}/api/search?q=${encodeURIComponent(word)}&limit=24`],
      'search: suggest': () => [
        agent,
        `${base}/api/search/suggest?q=${encodeURIComponent(word.slice(0, 3))}`,
      ],
      'cart: add': () => [
        agent,
        `${base}/api/cart/items`,
        { method: 'POST', body: JSON.stringify({ sku: skus[(n * 31) % skus.length], quantity: 1 }), headers },
      ],
      'cart: view': () => [agent, `${base}/api/cart`, { headers }],
      checkout: () => [
        agent,
        `${base}/api/checkout`,
        {
          method: 'POST',
          body: JSON.stringify({ paymentToken: 'tok_visa', ...SHIP_STANDARD }),
          headers: { ...headers, 'idempotency-key': `${runId}-${worker}-${++checkouts[worker]!}` },
        },
      ],
    };
    return timed(route, () => send(...request[route]()));
  };
}

async function timed(route: Route, call: () => Promise<{ status: number }>): Promise<boolean> {
  const started = performance.now();
  let status = 0;
  try {
    status = (await call()).status;
  } catch {
    // no answer: recorded as status 0
  }
  record(route, status, performance.now() - started);
  return status >= 200 && status < 300;
}

/** Registers one shopper per connection and answers their session cookies. */
async function signIn(base: string, runId: string): Promise<string[]> {
  return Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      const response = await fetch(`${base}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `${runId}.${i}@example.com`,
          password: 'bench-password-1',
          name: `Bench ${i}`,
        }),
      });
      await response.arrayBuffer();
      if (response.status !== 201) throw new Error(`registering shopper ${i} answered ${response.status}`);
      return response.headers
        .getSetCookie()
        .map((header) => header.split(';')[0])
        .join('; ');
    }),
  );
}

interface RouteRow {
  route: Route;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  status4xx: number;
  status5xx: number;
  unanswered: number;
}

function routeRows(seconds: number): RouteRow[] {
  return [...new Set(ROUND)].map((route) => {
    const entry = stats.get(route) ?? { latencies: [], statuses: new Map<number, number>() };
    const sorted = entry.latencies.sort((a, b) => a - b);
    const count = (test: (status: number) => boolean) =>
      [...entry.statuses].reduce((sum, [status, n]) => sum + (test(status) ? n : 0), 0);
    return {
      route,
      requests: sorted.length,
      perSecond: Math.round((sorted.length / seconds) * 10) / 10,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      status4xx: count((s) => s >= 400 && s < 500),
      status5xx: count((s) => s >= 500),
      unanswered: count((s) => s === 0),
    };
  });
}

/** This process's JS heap in use, and what lives outside it (Buffers, WebAssembly memory such as PGlite's). */
function orchestratorBreakdown() {
  // Run with NODE_OPTIONS=--expose-gc and this heap is what survives a full collection: what is retained.
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return {
    orchestratorHeapMb: mb(usage.heapUsed),
    orchestratorHeapTotalMb: mb(usage.heapTotal),
    orchestratorExternalMb: mb(usage.external),
  };
}

const idle = () => new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

function memoryRows(before: MemorySample, after: MemorySample) {
  return Object.keys(before).map((name) => ({
    process: name,
    beforeMb: mb(before[name]!),
    afterMb: mb(after[name]!),
    ratio: ratio(after[name]!, before[name]!),
  }));
}

function machine() {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
  };
}

/** The back ends: embedded like `npm start`, or with --real the servers the environment names (a fresh database). */
async function backEnds(): Promise<{
  extra: Record<string, string>;
  close: () => Promise<void>;
  label: string;
}> {
  if (!args.real)
    return { extra: {}, close: async () => {}, label: 'embedded (PGlite, in-process LRU, embedded search)' };
  const { REDIS_URL, DATABASE_URL, OPENSEARCH_URL } = process.env;
  if (!REDIS_URL || !DATABASE_URL) throw new Error('--real needs REDIS_URL and DATABASE_URL');
  const database = await freshDatabase(DATABASE_URL);
  // Its own index alias on a shared node, so the bench neither reads nor replaces a running shop's index.
  if (OPENSEARCH_URL) process.env.SEARCH_ALIAS = `bench-mixed-${process.pid}`;
  return {
    extra: {
      REDIS_URL,
      DATABASE_URL: database.url!,
      ...(OPENSEARCH_URL ? { SEARCH_ENGINE: 'opensearch', OPENSEARCH_URL } : {}),
    },
    close: database.close,
    label: `real: Redis, PostgreSQL${OPENSEARCH_URL ? ', OpenSearch' : ', embedded search'}`,
  };
}

async function main() {
  const runId = `bench${Date.now()}`;
  const atStart = machine();
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-bench-mixed-'));
  const backEnd = await backEnds();
  let shop: LocalShop | undefined;
  try {
    console.log(`Starting a local shop (${backEnd.label})...`);
    shop = await startLocalShop({
      config: await localShopConfig(dataDir, SEED_PRODUCTS, backEnd.extra),
      quiet: true,
    });
    const base = shop.urls.edge.replace('localhost', '127.0.0.1');
    const cookies = await signIn(base, runId);
    const mix = mixCall(base, cookies, runId);
    const loop = (seconds: number, call: (n: number, worker: number) => Promise<boolean>) =>
      closedLoopSample({ concurrency: CONCURRENCY, seconds, warmupSeconds: 0, call });

    console.log(`Warming up: 10 s of the mix, ${CONCURRENCY} shoppers...`);
    await loop(10, mix);
    console.log(
      'Baselines through the same edge: a static file, the cached product list (2 s warm-up + 10 s each)...',
    );
    const fiveHundreds: string[] = [];
    const baseline = async (path: string) => {
      const call = () =>
        send(agent, `${base}${path}`).then(({ status }) => {
          if (status >= 500) fiveHundreds.push(`${path} answered ${status}`);
          return status === 200;
        });
      await loop(2, call);
      return summarize(path, CONCURRENCY, [await loop(10, call)]);
    };
    const staticFile = await baseline('/favicon.svg');
    const productList = await baseline('/api/products?limit=24');

    await idle();
    const before = sampleShopMemory(shop);
    stats = new Map();
    console.log(`The mix for ${DURATION} s...`);
    const sample = await loop(DURATION, mix);
    const measured = summarize('the mix', CONCURRENCY, [sample]);
    const routes = routeRows(sample.seconds);
    await idle();
    const after = sampleShopMemory(shop);

    const totals = routes.reduce(
      (sum, r) => ({
        s4: sum.s4 + r.status4xx,
        s5: sum.s5 + r.status5xx,
        none: sum.none + r.unanswered,
      }),
      { s4: 0, s5: 0, none: 0 },
    );
    printTable(
      `Mixed load, ${DURATION} s, ${CONCURRENCY} shoppers in closed loops (${backEnd.label})`,
      ['scenario', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'req/s vs product list'],
      [
        [
          'baseline: static file through the edge',
          ...row(staticFile),
          ratio(staticFile.callsPerSecond, productList.callsPerSecond),
        ],
        ['baseline: product list through the edge', ...row(productList), 1],
        ['the mix', ...row(measured), ratio(measured.callsPerSecond, productList.callsPerSecond)],
      ],
    );
    printTable(
      'Per route (the mix)',
      [
        'route',
        'share',
        'requests',
        'req/s',
        'p50 ms',
        'p99 ms',
        'p50 / list p50',
        '4xx',
        '5xx',
        'no answer',
      ],
      routes.map((r) => [
        r.route,
        `${Math.round((r.requests / measured.calls) * 1000) / 10}%`,
        r.requests,
        r.perSecond,
        r.p50Ms,
        r.p99Ms,
        ratio(r.p50Ms, productList.p50Ms),
        r.status4xx,
        r.status5xx,
        r.unanswered,
      ]),
    );
    const areas = new Map<string, number>();
    for (const r of routes) areas.set(AREA[r.route], (areas.get(AREA[r.route]) ?? 0) + r.requests);
    console.log(
      `\nShares by area: ${[...areas]
        .map(([area, requests]) => `${area} ${Math.round((requests / measured.calls) * 100)}%`)
        .join(
          ', ',
        )}. Error rate: ${ratio((totals.s4 + totals.s5 + totals.none) * 100, measured.calls)}% (4xx ${totals.s4}, 5xx ${totals.s5}, no answer ${totals.none}).`,
    );
    const memory = memoryRows(before, after);
    printTable(
      `Memory (RSS) before and after the ${DURATION} s, each after ${IDLE_SECONDS} s idle`,
      ['process', 'before MB', 'after MB', 'after / before'],
      memory.map((m) => [m.process, m.beforeMb, m.afterMb, m.ratio]),
    );
    const soak = SOAK_MINUTES > 0 ? await runSoak(shop, mix, loop) : null;
    if (soak) {
      printTable(
        `Soak: ${SOAK_MINUTES} minutes of the mix, per minute (RSS under load, at the end of the minute)`,
        [
          'minute',
          'requests',
          'req/s',
          'p50 ms',
          'p99 ms',
          '5xx',
          'no answer',
          'total RSS MB',
          'this process: JS heap MB',
          'heap committed MB',
          'external MB',
        ],
        soak.minutes.map((m) => [
          m.minute,
          m.calls,
          m.callsPerSecond,
          m.p50Ms,
          m.p99Ms,
          m.status5xx,
          m.unanswered,
          m.rssMb.total ?? 0,
          m.orchestratorHeapMb,
          m.orchestratorHeapTotalMb,
          m.orchestratorExternalMb,
        ]),
      );
      const names = Object.keys(soak.minutes[0]!.rssMb);
      printTable(
        'Soak: RSS MB of each process at the end of each minute, under load',
        ['minute', ...names],
        soak.minutes.map((m) => [m.minute, ...names.map((name) => m.rssMb[name] ?? 0)]),
      );
      printTable(
        `Soak memory: after minute ${SOAK_WARMUP_MINUTES} (the warm-up) vs at the end, each after ${IDLE_SECONDS} s idle (limit for the shop, all its processes together: end / start < ${SOAK_GROWTH_LIMIT})`,
        ['process', 'start MB', 'end MB', 'end / start'],
        soak.memory.map((m) => [m.process, m.beforeMb, m.afterMb, m.ratio]),
      );
    }
    const soak5xx = soak?.minutes.reduce((n, m) => n + m.status5xx + m.unanswered, 0) ?? 0;
    // The limit is on the shop: every process a deployment runs (each service, the product API, the admin), together,
    // since one process's resident set moves by tens of MB with its garbage collector's timing while a leak shows in
    // the sum too. Each process, and this one (the local stand-ins: dynalite's LevelDB, PGlite, s3rver, the edge, and
    // the load driver, which no deployment runs), is reported beside it.
    const grown = soak?.memory.filter((m) => m.ratio >= SOAK_GROWTH_LIMIT && m.process === 'shop') ?? [];
    for (const m of soak?.memory.filter((m) => m.ratio >= SOAK_GROWTH_LIMIT && m.process !== 'shop') ?? [])
      console.log(`Note: ${m.process} grew ${m.beforeMb} -> ${m.afterMb} MB (x${m.ratio}) over the soak.`);
    const failures = [
      ...fiveHundreds,
      ...(totals.s5 + totals.none > 0 ? [`the mix: ${totals.s5} 5xx, ${totals.none} unanswered`] : []),
      ...(soak5xx > 0 ? [`the soak: ${soak5xx} 5xx or unanswered`] : []),
      ...grown.map((m) => `soak memory of ${m.process} grew ${m.beforeMb} -> ${m.afterMb} MB (x${m.ratio})`),
    ];
    const atEnd = machine();
    console.log(
      `\nMachine: ${atStart.cpus} CPUs (${atStart.cpuModel}), ${atStart.memoryGiB} GiB, Node ${atStart.node}; load average ${atStart.loadAverage1m} at the start, ${atEnd.loadAverage1m} at the end.`,
    );
    console.log(
      failures.length
        ? `FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`
        : 'No 5xx, no unanswered request.',
    );
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench', 'results', 'mixed.json'),
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { ...atStart, loadAverage1mAtEnd: atEnd.loadAverage1m },
          backEnds: backEnd.label,
          seconds: DURATION,
          concurrency: CONCURRENCY,
          baselines: { staticFile, productList },
          mix: {
            ...measured,
            ratioToProductList: ratio(measured.callsPerSecond, productList.callsPerSecond),
          },
          routes,
          memory,
          soak,
          failures,
        },
        null,
        2,
      ),
    );
    process.exitCode = failures.length > 0 ? 1 : 0;
  } finally {
    await shop?.stop();
    await backEnd.close().catch(() => {});
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const row = (s: LoopResult) => [s.calls, s.callsPerSecond, s.p50Ms, s.p99Ms, s.errors];

/** The mix for SOAK_MINUTES one-minute stretches; memory after the warm-up minutes and at the end, both idle. */
async function runSoak(
  shop: LocalShop,
  mix: (n: number, worker: number) => Promise<boolean>,
  loop: (seconds: number, call: typeof mix) => Promise<LoopSample>,
) {
  const minutes = [];
  let start: MemorySample | undefined;
  for (let minute = 1; minute <= SOAK_MINUTES; minute++) {
    console.log(`Soak: minute ${minute} of ${SOAK_MINUTES}...`);
    stats = new Map();
    const sample = await loop(60, mix);
    const routes = routeRows(sample.seconds);
    const { calls, callsPerSecond, p50Ms, p99Ms } = summarize(`minute ${minute}`, CONCURRENCY, [sample]);
    minutes.push({
      minute,
      calls,
      callsPerSecond,
      p50Ms,
      p99Ms,
      status5xx: routes.reduce((n, r) => n + r.status5xx, 0),
      unanswered: routes.reduce((n, r) => n + r.unanswered, 0),
      ...orchestratorBreakdown(),
      // Each process's RSS under load at the end of the minute: a leak climbs every minute, a cache filling levels off.
      rssMb: Object.fromEntries(
        Object.entries(sampleShopMemory(shop)).map(([name, bytes]) => [name, mb(bytes)]),
      ),
    });
    if (minute === SOAK_WARMUP_MINUTES) {
      await idle();
      start = sampleShopMemory(shop);
    }
  }
  await idle();
  return { minutes, memory: memoryRows(start!, sampleShopMemory(shop)) };
}

await main();
// Everything is stopped, but a session of the local PGlite server can keep polling after its socket closed while a
// query was in flight (local/pglite-server.ts ClientSession.close), which would hold this process up for good.
process.exit();
