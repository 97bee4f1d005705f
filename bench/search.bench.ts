/**
 * npm run bench:search — search over 10,000 demo products (issue 7), in one run:
 * 1. the embedded engine in this process: indexing throughput, then a query mix (the relevance set's queries, some
 *    filtered / sorted / paged variants and suggests) call after call: p50 / p99 per call and calls/s;
 * 2. OpenSearch (OPENSEARCH_URL, or a node started here): a full reindex through the adapter, then the search service
 *    (its own process, SEARCH_ENGINE=opensearch) driven over HTTP with the same mix at 8 and 32 connections, beside a
 *    baseline in the same run: the exact requests the adapter sends to OpenSearch for each call of the mix (recorded
 *    through a proxy), replayed raw to the node with the same client, concurrency and mix.
 * Also: the node's own request counters (both sides send the same requests), CPU per call of each process, and a
 * serial timing split (the last request alone / all of them raw / the adapter in this process / the service).
 * Prints tables, writes bench/results/search.json. Results are ratios to the baseline, never asserted.
 * Knobs: BENCH_SEARCH_PRODUCTS (10000), BENCH_EMBEDDED_SECONDS (8), BENCH_SECONDS (20 measured per HTTP row),
 * BENCH_SEARCH_TIMEOUT_MS (the service's SEARCH_TIMEOUT_MS, 5000), OPENSEARCH_URL (else a node is started here).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ElectroDbCatalogRepository } from '../adapters/dynamodb/catalog.electrodb.adapter.js';
import { EmbeddedSearchIndex } from '../adapters/search/embedded.search-index.js';
import { OpenSearchSearchIndex } from '../adapters/search/opensearch.search-index.js';
import { MAX_SUGGESTIONS, type SearchDocument, type SearchQuery } from '../domain/search/search.js';
import { startOpenSearch } from '../local/opensearch.js';
import { type RunningProcess, startProcess, waitForHttp } from '../local/processes.js';
import { demoCategories } from '../local/seed/demo-catalog.js';
import { demoDocuments } from '../tests/contracts/search-index.contract.js';
import { RELEVANCE_QUERIES } from '../tests/search/relevance-set.js';
import { startDynalite } from '../tests/support/dynalite.js';
import { freePort } from '../tests/support/free-port.js';
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
import { findProcessGroup, groupCpuMs } from './lib/process-cpu.js';
import { type RecordedRequest, startRecordingProxy } from './lib/recording-proxy.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DATA = join(ROOT, '.data', 'bench');
const PRODUCTS = Number(process.env.BENCH_SEARCH_PRODUCTS ?? 10_000);
const EMBEDDED_SECONDS = Number(process.env.BENCH_EMBEDDED_SECONDS ?? 8);
/** Measured seconds per HTTP row, split over ROUNDS rounds each after WARMUP_SECONDS of warm-up. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ROUNDS = 5;
const WARMUP_SECONDS = 1;
const CONCURRENCY = [8, 32];
const GOALS = { embeddedP99Ms: 20, serviceOverRaw: 1.3 };
/**
 * The service's engine deadline here: well above any latency of the run, so a slow moment of this shared machine is
 * measured, not turned into fast 503s by the breaker. How many calls would have missed the service's default (800 ms)
 * is counted instead.
 */
const SERVICE_TIMEOUT_MS = Number(process.env.BENCH_SEARCH_TIMEOUT_MS ?? 5000);
const DEFAULT_DEADLINE_MS = 800;
const children: RunningProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** One call of the mix, as the shopper's browser sends it to the search service. */
interface MixEntry {
  kind: 'search' | 'suggest';
  params: Record<string, string>;
}

/** Filtered, sorted and paged variants of what the relevance set asks. */
const VARIANTS: Record<string, string>[] = [
  { q: 'headphones', category: 'headphones', sort: 'price_asc' },
  { q: 'jacket', brand: 'Northwind,Kestrel', inStock: 'true' },
  { q: 'backpack', minPrice: '5000', maxPrice: '15000', sort: 'price_desc' },
  { q: 'tee', attr: 'material:organic cotton', page: '2' },
  { q: 'boots', page: '3', limit: '48' },
  { q: 'candles', sort: 'newest', limit: '12' },
  { q: 'hedphones', inStock: 'true', page: '2' },
  { q: 'coffee', category: 'coffee', attr: 'origin:Japan', sort: 'price_asc' },
];
const SUGGESTS = ['hea', 'kes', 'tra', 'sk', 'yoga m', 'lumen ov', 'fjell', 'cof'];

const MIX: MixEntry[] = [
  ...RELEVANCE_QUERIES.map((query) => ({ kind: 'search' as const, params: { q: query.text } })),
  ...VARIANTS.map((params) => ({ kind: 'search' as const, params })),
  ...SUGGESTS.map((q) => ({ kind: 'suggest' as const, params: { q } })),
];

const pathOf = (entry: MixEntry) =>
  `${entry.kind === 'search' ? '/api/search' : '/api/search/suggest'}?${new URLSearchParams(entry.params)}`;

/** The SearchQuery the service's route builds from these parameters (ecs-tasks/search/routes.ts). */
function toQuery(params: Record<string, string>): SearchQuery {
  const category = params.category
    ? demoCategories().find((c) => c.slug === params.category || c.id === params.category)
    : undefined;
  const attributes: Record<string, string[]> = {};
  for (const pair of params.attr?.split(',') ?? []) {
    const [name, ...rest] = pair.split(':');
    attributes[name!] = [...(attributes[name!] ?? []), rest.join(':').trim()];
  }
  return {
    text: params.q!.trim(),
    ...(category ? { categoryId: category.id } : {}),
    ...(params.brand ? { brands: params.brand.split(',').map((b) => b.trim()) } : {}),
    ...(params.minPrice ? { minPrice: Number(params.minPrice) } : {}),
    ...(params.maxPrice ? { maxPrice: Number(params.maxPrice) } : {}),
    ...(params.inStock ? { inStock: params.inStock === 'true' } : {}),
    ...(params.attr ? { attributes } : {}),
    sort: (params.sort ?? 'relevance') as SearchQuery['sort'],
    page: Number(params.page ?? 1),
    limit: Number(params.limit ?? 24),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const seconds = (ms: number) => round1(ms / 1000);
const pages = (documents: readonly SearchDocument[], size = 1000) =>
  (async function* () {
    for (let start = 0; start < documents.length; start += size) yield documents.slice(start, start + size);
  })();

interface EmbeddedReport {
  documents: number;
  indexMs: number;
  docsPerSecond: number;
  calls: number;
  p50Ms: number;
  p99Ms: number;
  callsPerSecond: number;
  searchP99Ms: number;
  suggestP99Ms: number;
  slowest: { call: string; p50Ms: number; maxMs: number }[];
}

/** 1. The embedded engine in this process: index, then the mix call after call for EMBEDDED_SECONDS. */
async function embedded(documents: SearchDocument[]): Promise<EmbeddedReport> {
  const index = new EmbeddedSearchIndex();
  const started = performance.now();
  const { indexed } = await index.reindex(pages(documents));
  const indexMs = performance.now() - started;
  const call = (entry: MixEntry) =>
    entry.kind === 'search'
      ? index.search(toQuery(entry.params))
      : index.suggest(entry.params.q!.trim(), MAX_SUGGESTIONS);
  for (const entry of MIX) await call(entry); // warm-up: JIT, typo expansions
  const perEntry = MIX.map(() => [] as number[]);
  const all: number[] = [];
  const deadline = performance.now() + EMBEDDED_SECONDS * 1000;
  const loopStarted = performance.now();
  while (performance.now() < deadline)
    for (const [i, entry] of MIX.entries()) {
      const t = performance.now();
      await call(entry);
      const ms = performance.now() - t;
      perEntry[i]!.push(ms);
      all.push(ms);
    }
  const elapsed = (performance.now() - loopStarted) / 1000;
  const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
  const ofKind = (kind: MixEntry['kind']) =>
    sorted(MIX.flatMap((entry, i) => (entry.kind === kind ? perEntry[i]! : [])));
  const slowest = MIX.map((entry, i) => {
    const times = sorted(perEntry[i]!);
    return { call: pathOf(entry), p50Ms: percentile(times, 50), maxMs: round1(times.at(-1)!) };
  })
    .sort((a, b) => b.p50Ms - a.p50Ms)
    .slice(0, 5);
  await index.close();
  const ordered = sorted(all);
  return {
    documents: indexed,
    indexMs: Math.round(indexMs),
    docsPerSecond: Math.round(indexed / (indexMs / 1000)),
    calls: all.length,
    p50Ms: percentile(ordered, 50),
    p99Ms: percentile(ordered, 99),
    callsPerSecond: Math.round(all.length / elapsed),
    searchP99Ms: percentile(ofKind('search'), 99),
    suggestP99Ms: percentile(ofKind('suggest'), 99),
    slowest,
  };
}

/**
 * Searches the node ran on the alias's index so far, from its own counters: query phases (searches and counts) plus
 * suggest-only searches (the term-suggester round trip has no query phase), so requests that reached OpenSearch.
 */
async function requestsSoFar(node: string, alias: string): Promise<number> {
  const response = await fetch(`${node}/${alias}/_stats/search`);
  const body = (await response.json()) as {
    _all: { primaries: { search: { query_total: number; suggest_total: number } } };
  };
  const { query_total, suggest_total } = body._all.primaries.search;
  return query_total + suggest_total;
}

interface HttpRow extends LoopResult {
  /** Requests that reached OpenSearch per call (from the node's own counters). */
  openSearchRequestsPerCall: number;
  /** HTTP statuses of the calls, warm-up included (0: no answer). */
  statuses: Record<string, number>;
  /** Measured calls slower than the service's default engine deadline (they would have been 503s). */
  overDefaultDeadline: number;
  /** CPU ms per call used by the search service's process, by OpenSearch's, by this process (the driver). */
  cpuMsPerCall: { service: number; openSearch: number; driver: number };
}

async function openSearch(documents: SearchDocument[]) {
  let node = process.env.OPENSEARCH_URL?.replace(/\/$/, '');
  let stopNode: (() => Promise<void>) | null = null;
  let nodeGroup: number | undefined;
  let dataDir: string | null = null;
  if (!node) {
    const skip = (why: string) => {
      console.log(
        `\n  SKIPPED the OpenSearch rows: ${why}\n  Install Java 17 and Maven (apt-get install -y ` +
          'openjdk-17-jdk-headless maven), or set OPENSEARCH_URL to a running node.',
      );
      return null;
    };
    if (spawnSync('java', ['-version']).error) return skip('java is not on the PATH.');
    const port = await freePort();
    mkdirSync(DATA, { recursive: true });
    dataDir = mkdtempSync(join(DATA, 'opensearch-'));
    const startedAt = performance.now();
    let running: Awaited<ReturnType<typeof startOpenSearch>>;
    try {
      running = await startOpenSearch({
        port,
        dataDir,
        logFile: join(DATA, 'logs', 'search-opensearch.log'),
        log: (line) => console.log(line),
      });
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      // The launcher is built with Maven the first time; any other failure is a real one.
      if (/needs (Java|Maven)/.test((error as Error).message)) return skip((error as Error).message);
      throw error;
    }
    node = running.url;
    stopNode = running.stop;
    nodeGroup = findProcessGroup(['shop.opensearch.LocalNode', '--port', String(port)]);
    console.log(
      `  OpenSearch up on ${node} in ${seconds(performance.now() - startedAt)} s (data: ${dataDir})`,
    );
  } else console.log(`  OpenSearch at ${node} (OPENSEARCH_URL)`);
  cleanups.push(async () => {
    await stopNode?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const alias = `bench-search-${Date.now().toString(36)}`;
  const adapter = new OpenSearchSearchIndex({ node, alias, requestTimeoutMs: 30_000, retireAfterMs: 0 });
  cleanups.unshift(async () => {
    await adapter.drop().catch(() => {});
    await adapter.close();
  });
  // The alias exists (an empty first index), as it does for any real reindex; then the timed full reindex.
  await adapter.search({ text: '', sort: 'newest', page: 1, limit: 1 });
  const reindexStarted = performance.now();
  const { indexed } = await adapter.reindex(pages(documents));
  const reindexMs = performance.now() - reindexStarted;
  const reindex = {
    documents: indexed,
    ms: Math.round(reindexMs),
    docsPerSecond: Math.round(indexed / (reindexMs / 1000)),
  };
  console.log(`  reindexed ${indexed} documents into ${alias} in ${seconds(reindexMs)} s`);

  // The baseline: every request the adapter sends for each call of the mix, recorded through a proxy.
  const proxy = await startRecordingProxy(node);
  const recorder = new OpenSearchSearchIndex({ node: proxy.url, alias, requestTimeoutMs: 30_000 });
  const call = (index: OpenSearchSearchIndex, entry: MixEntry) =>
    entry.kind === 'search'
      ? index.search(toQuery(entry.params))
      : index.suggest(entry.params.q!.trim(), MAX_SUGGESTIONS);
  await recorder.search({ text: 'warm up', sort: 'relevance', page: 1, limit: 1 }); // alias check, synonym analysis
  proxy.take();
  const recordings: RecordedRequest[][] = [];
  for (const entry of MIX) {
    await call(recorder, entry);
    const requests = proxy.take();
    const odd = requests.find((r) => !/\/_(search|count)(\?|$)/.test(r.path));
    if (odd) throw new Error(`the adapter sent ${odd.method} ${odd.path} for ${pathOf(entry)}: not a search`);
    recordings.push(requests);
  }
  await recorder.close();
  await proxy.close();
  const shapes = new Map<string, number>();
  for (const requests of recordings) {
    const shape = requests.map((r) => `${r.method} ${r.path.replace(alias, '<alias>')}`).join(' + ');
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }

  // The search service over the same alias, as its own process.
  const dynamo = await startDynalite();
  cleanups.unshift(() => dynamo.close());
  await new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog).saveCategories(demoCategories());
  const servicePort = await freePort();
  const service = startProcess({
    name: 'search-service',
    command: process.execPath,
    args: [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'ecs-tasks/search/main.ts')],
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(servicePort),
      STAGE: 'ci',
      CATALOG_TABLE: dynamo.tables.catalog,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      SEARCH_ENGINE: 'opensearch',
      OPENSEARCH_URL: node,
      SEARCH_ALIAS: alias,
      SEARCH_TIMEOUT_MS: String(SERVICE_TIMEOUT_MS),
      LOG_LEVEL: 'warn',
    },
    logFile: join(DATA, 'logs', 'search-service.log'),
  });
  children.push(service);
  const base = `http://127.0.0.1:${servicePort}`;
  await waitForHttp(`${base}/ready`, 60_000, service.child);
  console.log(
    `  search service up (SEARCH_TIMEOUT_MS=${SERVICE_TIMEOUT_MS}; calls over the default ${DEFAULT_DEADLINE_MS} ms are counted)`,
  );
  const serviceGroup = service.child.pid!;

  const agent = keepAliveAgent(Math.max(...CONCURRENCY));
  const raw = async (i: number) => {
    let last: { status: number; body: Buffer } = { status: 0, body: Buffer.alloc(0) };
    for (const request of recordings[i]!) {
      last = await send(agent, `${node}${request.path}`, {
        method: request.method,
        body: request.body,
        contentType: request.contentType,
      });
      if (last.status !== 200) return last;
    }
    return last;
  };
  const viaService = (i: number) => send(agent, `${base}${pathOf(MIX[i]!)}`);

  // Same answers: the service's total (or suggestion count) is the raw replay's. Also warms the service.
  let mismatches = 0;
  for (const [i, entry] of MIX.entries()) {
    const [a, b] = [await raw(i), await viaService(i)];
    const fromRaw = JSON.parse(a.body.toString()) as {
      hits: { total?: { value: number }; hits: { _source: { name: string } }[] };
    };
    const fromService = JSON.parse(b.body.toString()) as { total?: number; items: unknown[] };
    const same =
      entry.kind === 'search'
        ? fromRaw.hits.total?.value === fromService.total
        : fromService.items.length >= Math.min(fromRaw.hits.hits.length, MAX_SUGGESTIONS);
    if (b.status !== 200 || !same) {
      mismatches++;
      console.log(`  differs: ${pathOf(entry)} (service ${b.status})`);
    }
  }

  // A serial timing split, one call at a time: the final search request alone, all the adapter's requests raw, the
  // adapter in this process, the service over HTTP.
  const direct = new OpenSearchSearchIndex({ node, alias, requestTimeoutMs: 30_000 });
  await direct.search({ text: 'warm up', sort: 'relevance', page: 1, limit: 1 });
  const split = {
    last: [] as number[],
    raw: [] as number[],
    adapter: [] as number[],
    service: [] as number[],
  };
  for (let round = 0; round < 4; round++)
    for (const [i, entry] of MIX.entries()) {
      const final = recordings[i]!.at(-1)!;
      let t = performance.now();
      await send(agent, `${node}${final.path}`, {
        method: final.method,
        body: final.body,
        contentType: final.contentType,
      });
      if (round > 0) split.last.push(performance.now() - t);
      t = performance.now();
      await raw(i);
      if (round > 0) split.raw.push(performance.now() - t);
      t = performance.now();
      await call(direct, entry);
      if (round > 0) split.adapter.push(performance.now() - t);
      t = performance.now();
      await viaService(i);
      if (round > 0) split.service.push(performance.now() - t);
    }
  await direct.close();
  const serial = Object.fromEntries(
    Object.entries(split).map(([name, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return [
        name,
        {
          p50Ms: percentile(sorted, 50),
          meanMs: round2(times.reduce((s, t) => s + t, 0) / times.length),
          p99Ms: percentile(sorted, 99),
        },
      ];
    }),
  ) as Record<keyof typeof split, { p50Ms: number; meanMs: number; p99Ms: number }>;

  // Each concurrency: ROUNDS rounds of raw then service (service first every other round), so drift in what else
  // runs on the machine falls on both alike; the counters are read around each run, warm-up included.
  const rows: HttpRow[] = [];
  const scenarios = [
    { name: "raw: the adapter's requests, replayed", once: raw },
    { name: 'search service over OpenSearch', once: viaService },
  ];
  for (const concurrency of CONCURRENCY) {
    const tally = scenarios.map(() => ({
      samples: [] as LoopSample[],
      calls: 0,
      requests: 0,
      service: 0,
      node: 0,
      driver: 0,
      statuses: {} as Record<string, number>,
    }));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const which of order) {
        const { once } = scenarios[which]!;
        const t = tally[which]!;
        const before = {
          requests: await requestsSoFar(node!, alias),
          service: groupCpuMs(serviceGroup),
          node: groupCpuMs(nodeGroup ?? -1),
          driver: process.cpuUsage(),
        };
        t.samples.push(
          await closedLoopSample({
            concurrency,
            seconds: SECONDS / ROUNDS,
            warmupSeconds: WARMUP_SECONDS,
            call: async (n) => {
              t.calls++;
              const { status } = await once(n % MIX.length).catch(() => ({ status: 0 }));
              t.statuses[status] = (t.statuses[status] ?? 0) + 1;
              return status === 200;
            },
          }),
        );
        const driver = process.cpuUsage(before.driver);
        t.requests += (await requestsSoFar(node!, alias)) - before.requests;
        t.service += groupCpuMs(serviceGroup) - before.service;
        t.node += groupCpuMs(nodeGroup ?? -1) - before.node;
        t.driver += (driver.user + driver.system) / 1000;
      }
    }
    for (const [which, { name }] of scenarios.entries()) {
      const t = tally[which]!;
      const row: HttpRow = {
        ...summarize(name, concurrency, t.samples),
        openSearchRequestsPerCall: round2(t.requests / t.calls),
        statuses: t.statuses,
        overDefaultDeadline: t.samples.reduce(
          (sum, sample) => sum + sample.latencies.filter((ms) => ms > DEFAULT_DEADLINE_MS).length,
          0,
        ),
        cpuMsPerCall: {
          service: round2(t.service / t.calls),
          openSearch: nodeGroup === undefined ? Number.NaN : round2(t.node / t.calls),
          driver: round2(t.driver / t.calls),
        },
      };
      rows.push(row);
      console.log(
        `  ${name}, ${concurrency} connections: ${row.calls} calls, p50 ${row.p50Ms} ms, ${row.callsPerSecond}/s`,
      );
    }
  }
  agent.destroy();
  const requestsPerCall = recordings.map((requests) => requests.length);
  return { node, alias, reindex, shapes: [...shapes], requestsPerCall, mismatches, serial, rows };
}

async function main() {
  const runStarted = performance.now();
  mkdirSync(join(DATA, 'logs'), { recursive: true });
  const documents = demoDocuments(PRODUCTS);
  const searches = MIX.filter((e) => e.kind === 'search').length;
  console.log(
    `  ${documents.length} active documents of ${PRODUCTS} demo products; mix: ${MIX.length} calls ` +
      `(${RELEVANCE_QUERIES.length} relevance-set queries, ${VARIANTS.length} filtered/sorted/paged, ` +
      `${MIX.length - searches} suggests)`,
  );
  const local = await embedded(documents);
  console.log(`  embedded: ${local.calls} calls, p50 ${local.p50Ms} ms, p99 ${local.p99Ms} ms`);
  const remote = await openSearch(documents);

  const scenarioRows: (string | number)[][] = [
    [
      'embedded engine, in process, one call at a time',
      1,
      local.calls,
      local.p50Ms,
      local.p99Ms,
      local.callsPerSecond,
      0,
      '',
      '',
      '',
      '',
      '',
    ],
  ];
  for (const row of remote?.rows ?? [])
    scenarioRows.push([
      row.name,
      row.concurrency,
      row.calls,
      row.p50Ms,
      row.p99Ms,
      row.callsPerSecond,
      row.errors +
        Object.entries(row.statuses)
          .filter(([status]) => status !== '200')
          .map(([status, count]) => ` (${status === '0' ? 'no answer' : status}: ${count} incl. warm-up)`)
          .join(''),
      row.overDefaultDeadline,
      row.openSearchRequestsPerCall,
      ...[row.cpuMsPerCall.service, row.cpuMsPerCall.openSearch, row.cpuMsPerCall.driver].map((ms) =>
        Number.isNaN(ms) ? '' : ms,
      ),
    ]);
  printTable(
    `Search, ${documents.length} documents (HTTP rows: closed loop, keep-alive; ${ROUNDS} rounds of ${WARMUP_SECONDS} s warm-up + ${SECONDS / ROUNDS} s, raw and service alternating)`,
    [
      'scenario',
      'conns',
      'calls',
      'p50 ms',
      'p99 ms',
      'calls/s',
      'errors',
      `> ${DEFAULT_DEADLINE_MS} ms`,
      'OS requests/call',
      'service CPU ms/call',
      'OS CPU ms/call',
      'driver CPU ms/call',
    ],
    scenarioRows,
  );

  const ratios = CONCURRENCY.flatMap((concurrency) => {
    const [base, service] = (remote?.rows ?? []).filter((r) => r.concurrency === concurrency);
    if (!base || !service) return [];
    // Failed calls are fast calls: with more than 1% of them either way the ratio says nothing.
    const comparable = Math.max(base.errors / base.calls, service.errors / service.calls) <= 0.01;
    return [
      {
        concurrency,
        comparable,
        p50: round2(service.p50Ms / base.p50Ms),
        throughput: round2(service.callsPerSecond / base.callsPerSecond),
      },
    ];
  });
  const verdict = (comparable: boolean, met: boolean) =>
    !comparable ? 'not comparable: over 1% errors' : met ? 'met' : 'NOT met';
  const goalRows: (string | number)[][] = [
    [
      'embedded p99 per call',
      `${local.p99Ms} ms`,
      `<= ${GOALS.embeddedP99Ms} ms (${local.p99Ms <= GOALS.embeddedP99Ms ? 'met' : 'NOT met'})`,
    ],
  ];
  for (const r of ratios) {
    goalRows.push([
      `service p50 / raw p50, ${r.concurrency} connections`,
      r.p50,
      `<= ${GOALS.serviceOverRaw} (${verdict(r.comparable, r.p50 <= GOALS.serviceOverRaw)})`,
    ]);
    goalRows.push([
      `service calls/s / raw calls/s, ${r.concurrency} connections`,
      r.throughput,
      `>= ${round2(1 / GOALS.serviceOverRaw)} (${verdict(r.comparable, r.throughput >= 1 / GOALS.serviceOverRaw)})`,
    ]);
  }
  for (const concurrency of CONCURRENCY) {
    // When the cores are the bottleneck, calls/s go as 1 / (CPU per call of every process on them).
    const [base, service] = (remote?.rows ?? []).filter((r) => r.concurrency === concurrency);
    if (!base || !service || Number.isNaN(base.cpuMsPerCall.openSearch)) continue;
    const cpu = (r: HttpRow) => r.cpuMsPerCall.openSearch + r.cpuMsPerCall.service + r.cpuMsPerCall.driver;
    goalRows.push([
      `CPU ms per call of all processes, raw / service, ${concurrency} connections`,
      `${round2(cpu(base))} / ${round2(cpu(service))} = ${round2(cpu(base) / cpu(service))}`,
      '(no goal: the calls/s ratio to expect when CPU-bound)',
    ]);
  }
  if (remote)
    goalRows.push([
      'service p50 / raw p50, one call at a time (serial split)',
      round2(remote.serial.service.p50Ms / remote.serial.raw.p50Ms),
      '(no goal: the fixed cost per call without queueing)',
    ]);
  printTable('Ratios and goals', ['ratio', 'value', 'goal'], goalRows);

  const reindexRows: (string | number)[][] = [
    [
      'embedded engine (in process)',
      local.documents,
      seconds(local.indexMs),
      local.docsPerSecond.toLocaleString('en-US'),
    ],
  ];
  if (remote)
    reindexRows.push([
      'OpenSearch, full reindex through the adapter (bulk 1,000, new index, alias switch)',
      remote.reindex.documents,
      seconds(remote.reindex.ms),
      remote.reindex.docsPerSecond.toLocaleString('en-US'),
    ]);
  printTable('Indexing', ['engine', 'documents', 's', 'docs/s'], reindexRows);

  if (remote) {
    printTable(
      'Serial split (one call at a time, same mix, 3 passes, the paths interleaved call by call)',
      ['path', 'p50 ms', 'mean ms', 'p99 ms'],
      [
        [
          'raw: only the last request of each call (the search itself)',
          remote.serial.last.p50Ms,
          remote.serial.last.meanMs,
          remote.serial.last.p99Ms,
        ],
        [
          "raw: the adapter's requests replayed",
          remote.serial.raw.p50Ms,
          remote.serial.raw.meanMs,
          remote.serial.raw.p99Ms,
        ],
        [
          'adapter in this process (no HTTP service)',
          remote.serial.adapter.p50Ms,
          remote.serial.adapter.meanMs,
          remote.serial.adapter.p99Ms,
        ],
        [
          'search service over HTTP',
          remote.serial.service.p50Ms,
          remote.serial.service.meanMs,
          remote.serial.service.p99Ms,
        ],
      ],
    );
    printTable(
      'The baseline: what the adapter sends per call of the mix, replayed raw (POST, same bodies, same order)',
      ['requests per call', 'calls of the mix'],
      remote.shapes.map(([shape, count]) => [shape, count]),
    );
    const fallbacks = MIX.filter((_, i) => remote.requestsPerCall[i]! > 2).map((e) => `"${e.params.q}"`);
    console.log(
      `\n  calls where no product has every word (search, count, then the any-word search): ${fallbacks.join(', ')}`,
    );
    console.log(`  answers that differ between the service and the raw replay: ${remote.mismatches}`);
  }
  console.log('\n  slowest embedded calls (p50 / max ms):');
  for (const s of local.slowest) console.log(`    ${s.call}: ${s.p50Ms} / ${s.maxMs}`);

  const runSeconds = seconds(performance.now() - runStarted);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    products: PRODUCTS,
    documents: documents.length,
    mix: MIX.map(pathOf),
    goals: GOALS,
    serviceTimeoutMs: SERVICE_TIMEOUT_MS,
    http: { concurrency: CONCURRENCY, rounds: ROUNDS, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS },
    embedded: local,
    openSearch: remote
      ? {
          external: Boolean(process.env.OPENSEARCH_URL),
          reindex: remote.reindex,
          baseline: remote.shapes.map(([requests, calls]) => ({ requests, calls })),
          requestsPerCall: Object.fromEntries(
            MIX.map((entry, i) => [pathOf(entry), remote.requestsPerCall[i]]),
          ),
          mismatches: remote.mismatches,
          serial: remote.serial,
          http: remote.rows,
          ratios,
        }
      : null,
    runSeconds,
  };
  writeFileSync(join(ROOT, 'bench', 'results', 'search.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n  wrote bench/results/search.json; the run took ${runSeconds} s`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const child of children) await child.stop();
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  });
