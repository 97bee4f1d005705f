/**
 * npm run bench:products — the public product-list path, measured against baselines in the same run:
 * (a) bare node:http with the same bytes, (b) the handler with a warm cache behind a thin adapter,
 * (c) the same through serverless-offline, (d) the cache-miss path on a small and a large catalog;
 * then each function's zipped bundle and its cold init. Prints tables, writes bench/results/products.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ElectroDbCatalogRepository } from '../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../adapters/dynamodb/dynamodb-client.js';
import { ensureTables, tableDefinitions } from '../adapters/dynamodb/table-definitions.js';
import { type RunningProcess, startProcess, waitForHttp, waitForPort } from '../local/processes.js';
import { seedCatalog } from '../local/seed/seed-catalog.js';
import { startServerlessOffline } from '../local/serverless-offline.js';
import { type LoadResult, load, printTable } from './lib/load.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DATA = join(ROOT, '.data', 'bench');
const SMALL = Number(process.env.BENCH_SMALL_CATALOG ?? 2000);
const LARGE = Number(process.env.BENCH_LARGE_CATALOG ?? 200_000);
const LOAD = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
  durationSeconds: Number(process.env.BENCH_SECONDS ?? 8),
};
const PORTS = { dynamo: 18000, bare: 18001, thin: 18002, offline: 18003, lambda: 18004, miss: 18005 };
const TABLES = { small: 'shop-local-catalog', large: 'bench-large-catalog' };
const PAGE = '/api/products?limit=24';
const children: RunningProcess[] = [];

const tsx = (script: string, env: Record<string, string>, name: string) => {
  const child = startProcess({
    name,
    command: process.execPath,
    args: [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'bench', 'servers', script)],
    cwd: ROOT,
    env: { ...process.env, ...env },
    logFile: join(DATA, 'logs', `${name}.log`),
  });
  children.push(child);
  return child;
};

async function seedIfNeeded(client: ReturnType<typeof createDynamoDbClient>, table: string, count: number) {
  const marker = join(DATA, `${table}.seeded`);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(count)) return;
  console.log(`  seeding ${count} products into ${table} (once; kept in .data/bench)`);
  await seedCatalog(new ElectroDbCatalogRepository(client, table), count);
  writeFileSync(marker, String(count));
}

async function lambdaServer(name: string, port: number, table: string, listTtl: string) {
  const child = tsx(
    'thin-lambda.ts',
    {
      BENCH_PORT: String(port),
      CATALOG_TABLE: table,
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${PORTS.dynamo}`,
      CATALOG_LIST_TTL_SECONDS: listTtl,
      LOG_LEVEL: 'warn',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
    name,
  );
  await waitForHttp(`http://127.0.0.1:${port}${PAGE}`, 60_000, child.child);
  return child;
}

/**
 * The product API's functions: those API Gateway invokes. The stream indexer and the order sweeper are packaged
 * too, but they need their own settings (a search node, a database) and no shopper waits on their cold start.
 */
function productApiZips(packaged: string): string[] {
  const state = JSON.parse(readFileSync(join(packaged, 'serverless-state.json'), 'utf8')) as {
    service: { functions: Record<string, { events: Record<string, unknown>[] }> };
  };
  return Object.entries(state.service.functions)
    .filter(([, fn]) => fn.events.some((event) => 'httpApi' in event))
    .map(([name]) => `${name}.zip`);
}

function coldInit(): { fn: string; zipKb: number; coldMs: number }[] {
  const packaged = join(ROOT, '.serverless');
  const zips = productApiZips(packaged);
  const work = join(ROOT, '.build', 'cold');
  return zips.map((zip) => {
    const dir = join(work, zip.replace('.zip', ''));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-q', join(packaged, zip), '-d', dir]);
    const entry = readdirSync(join(dir, 'functions')).find((f) => f.endsWith('.mjs'))!;
    const script = `
      const started = performance.now();
      const { handler } = await import(${JSON.stringify(join(dir, 'functions', entry))});
      const r = await handler({ version: '2.0', rawPath: '/api/products', rawQueryString: 'limit=24', headers: {},
        queryStringParameters: { limit: '24' }, pathParameters: { idOrSlug: 'bench' },
        requestContext: { requestId: 'cold', http: { method: 'GET' } } }, {});
      console.log(JSON.stringify({ ms: performance.now() - started, status: r.statusCode }));`;
    const runs = Array.from({ length: 7 }, () => {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        env: {
          ...process.env,
          CATALOG_TABLE: TABLES.small,
          DYNAMODB_ENDPOINT: `http://127.0.0.1:${PORTS.dynamo}`,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          LOG_LEVEL: 'warn',
        },
      });
      return JSON.parse(out.toString().trim().split('\n').at(-1)!).ms as number;
    }).sort((a, b) => a - b);
    return {
      fn: zip.replace('.zip', ''),
      zipKb: Math.round(statSync(join(packaged, zip)).size / 1024),
      coldMs: Math.round(runs[3]! * 10) / 10,
    };
  });
}

async function main() {
  mkdirSync(join(DATA, 'logs'), { recursive: true });
  console.log('  packaging the functions (osls package --stage bench)');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'), 'package', '--stage', 'bench'],
    { cwd: ROOT, stdio: 'ignore' },
  );

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

  const results: LoadResult[] = [];
  const thin = await lambdaServer('thin-warm', PORTS.thin, TABLES.small, '60');
  const body = await (await fetch(`http://127.0.0.1:${PORTS.thin}${PAGE}`)).arrayBuffer();
  writeFileSync(join(DATA, 'page.json'), Buffer.from(body));
  tsx('bare-http.ts', { BENCH_PORT: String(PORTS.bare), BENCH_BODY_FILE: join(DATA, 'page.json') }, 'bare');
  await waitForHttp(`http://127.0.0.1:${PORTS.bare}/`, 30_000);

  console.log(`  load: ${LOAD.connections} connections, ${LOAD.durationSeconds}s per scenario, GET ${PAGE}`);
  results.push(await load('a. bare node:http, same bytes', `http://127.0.0.1:${PORTS.bare}${PAGE}`, LOAD));
  results.push(
    await load('b. handler, warm cache, thin adapter', `http://127.0.0.1:${PORTS.thin}${PAGE}`, LOAD),
  );
  await thin.stop();

  const offline = startServerlessOffline({
    httpPort: PORTS.offline,
    lambdaPort: PORTS.lambda,
    env: { DYNAMODB_ENDPOINT: `http://127.0.0.1:${PORTS.dynamo}`, LOG_LEVEL: 'warn' },
    logFile: join(DATA, 'logs', 'offline.log'),
  });
  children.push(offline);
  await waitForHttp(`http://127.0.0.1:${PORTS.offline}${PAGE}`, 120_000, offline.child);
  results.push(
    await load(
      'c. handler, warm cache, serverless-offline',
      `http://127.0.0.1:${PORTS.offline}${PAGE}`,
      LOAD,
    ),
  );
  await offline.stop();

  for (const [label, table] of [
    [`${SMALL}`, TABLES.small],
    [`${LARGE}`, TABLES.large],
  ] as const) {
    const miss = await lambdaServer(`miss-${label}`, PORTS.miss, table, '0');
    results.push(
      await load(
        `d. cache miss, ${Number(label).toLocaleString('en-US')} products`,
        `http://127.0.0.1:${PORTS.miss}${PAGE}`,
        LOAD,
      ),
    );
    await miss.stop();
  }

  const cold = coldInit();
  await dynamo.stop();
  client.destroy();

  const [bare, warm, , missSmall, missLarge] = results;
  const ratios = {
    warmOverBare: Math.round((warm!.requestsPerSecond / bare!.requestsPerSecond) * 100) / 100,
    missP99LargeOverSmall: Math.round((missLarge!.p99Ms / Math.max(missSmall!.p99Ms, 1)) * 100) / 100,
  };
  printTable(
    'Product list: throughput and latency',
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx'],
    results.map((r) => [r.name, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.errors, r.non2xx]),
  );
  printTable(
    'Ratios (goals: b/a >= 0.5, large/small miss p99 <= 1.5)',
    ['ratio', 'value'],
    [
      ['b/a req/s (warm handler vs bare http)', ratios.warmOverBare],
      [`miss p99 ${LARGE} / ${SMALL} products`, ratios.missP99LargeOverSmall],
    ],
  );
  printTable(
    'Bundles (goals: zip <= 150 KB, cold init <= 40 ms)',
    ['function', 'zip KB', 'cold init ms (median of 7)'],
    cold.map((c) => [c.fn, c.zipKb, c.coldMs]),
  );
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    load: LOAD,
    catalog: { small: SMALL, large: LARGE },
    results,
    ratios,
    bundles: cold,
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
    for (const child of children) await child.stop();
  });
