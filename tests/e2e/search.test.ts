import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LruCache } from '../../adapters/cache/lru.cache.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import { LocalCatalogStream } from '../../adapters/dynamodb/local-catalog-stream.js';
import { CatalogService } from '../../domain/catalog/catalog.service.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { waitForHttp } from '../../local/processes.js';
import { LOCAL_TABLES, type LocalShop, startLocalShop } from '../../local/shop.js';
import { startDynalite } from '../support/dynalite.js';
import { freePort } from '../support/free-port.js';
import { localShopConfig } from '../support/local-shop-config.js';

const ROOT = new URL('../..', import.meta.url).pathname;

interface SearchAnswer {
  items: { id: string; name: string; categoryName: string; highlights: { name?: string } }[];
  total: number;
  facets: { category: { value: string; count: number }[]; brand: { value: string; count: number }[] };
}

/** Search as shoppers meet it: through the edge, the ALB router and the search service of the local shop. */
describe('search in the local shop (embedded engine)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-search-'));
  let shop: LocalShop;

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 480), quiet: true });
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const search = async (query: string) => {
    const response = await fetch(`${shop.urls.edge}/api/search?${query}`);
    return { status: response.status, body: (await response.json()) as SearchAnswer };
  };

  it('finds headphones for "hedphones", first, with facets and highlights', async () => {
    const { status, body } = await search('q=hedphones&limit=10');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.slice(0, 5).map((item) => item.categoryName)).toEqual(Array(5).fill('Headphones'));
    expect(body.items[0]!.highlights.name).toMatch(/<mark>/);
    expect(body.facets.category[0]!.count).toBeGreaterThan(0);
    expect(body.facets.brand.length).toBeGreaterThan(0);
  });

  it('suggests headphone names as the shopper types "hea"', async () => {
    const response = await fetch(`${shop.urls.edge}/api/search/suggest?q=hea`);
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { text: string }[] };
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]!.text).toMatch(/Head/);
  });

  it('answers bad queries with a 400 problem naming the field', async () => {
    for (const query of [
      'q=',
      `q=${'x'.repeat(101)}`,
      'q=tea&minPrice=900&maxPrice=100',
      'q=tea&page=21',
      'q=tea&sort=cheapest',
    ]) {
      const response = await fetch(`${shop.urls.edge}/api/search?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type'), query).toMatch(/problem\+json/);
    }
  });

  it('indexes a catalog change within a second (the local stream runs the indexer code)', async () => {
    const client = createDynamoDbClient({
      region: 'local',
      endpoint: shop.urls.dynamodb,
      requestTimeoutMs: 5000,
    });
    try {
      const repository = new ElectroDbCatalogRepository(client, LOCAL_TABLES.catalog);
      const stream = new LocalCatalogStream(
        client,
        LOCAL_TABLES.catalog,
        `${shop.urls.search}/internal/catalog-stream`,
      );
      const catalog = new CatalogService(
        repository,
        new CacheAside(new LruCache({ maxEntries: 10, maxBytes: 1e6 })),
        undefined,
        (ids) => stream.productsChanged(ids),
      );
      const [summary] = (await repository.listProducts({ sort: 'newest', limit: 1 })).items;
      const product = (await repository.getProductById(summary!.id))!;
      const word = `zephyrine${Date.now().toString(36)}`;
      expect((await search(`q=${word}`)).body.total).toBe(0);
      const written = performance.now();
      await catalog.saveProducts([{ ...product, name: `${product.name} ${word}` }]);
      let found = 0;
      while (found === 0 && performance.now() - written < 5000)
        found = (await search(`q=${word}`)).body.total;
      expect(found).toBe(1);
      expect(performance.now() - written).toBeLessThan(1000);
    } finally {
      client.destroy();
    }
  });
});

/** An OpenSearch that accepts connections and never answers; counts the requests sent to it. */
function blackHole(): Promise<{ server: Server; port: number; searches: () => number; close(): void }> {
  let searches = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      searches += chunk.toString('latin1').match(/^(GET|HEAD|POST|PUT|DELETE) \//gm)?.length ?? 0;
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        port: (server.address() as { port: number }).port,
        searches: () => searches,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    ),
  );
}

describe('search when OpenSearch hangs', () => {
  let dynamo: Awaited<ReturnType<typeof startDynalite>>;
  let hole: Awaited<ReturnType<typeof blackHole>>;
  let service: ChildProcess;
  let base: string;

  beforeAll(async () => {
    dynamo = await startDynalite();
    hole = await blackHole();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'ecs-tasks/search/main.ts')],
      {
        env: {
          ...process.env,
          PORT: String(port),
          STAGE: 'ci',
          CATALOG_TABLE: dynamo.tables.catalog,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          SEARCH_ENGINE: 'opensearch',
          OPENSEARCH_URL: `http://127.0.0.1:${hole.port}`,
          SEARCH_TIMEOUT_MS: '400',
          LOG_LEVEL: 'error',
        },
        stdio: 'ignore',
      },
    );
    await waitForHttp(`${base}/health`, 60_000, service);
  }, 90_000);
  afterAll(async () => {
    service?.kill('SIGTERM');
    hole?.close();
    await dynamo?.close();
  });

  it('answers 503 with Retry-After within a second, then at once without sending anything to the dead cluster', async () => {
    const answers: { status: number; ms: number; retryAfter: string | null }[] = [];
    for (let i = 0; i < 8; i++) {
      const started = performance.now();
      const response = await fetch(`${base}/api/search?q=boots`);
      await response.arrayBuffer();
      answers.push({
        status: response.status,
        ms: performance.now() - started,
        retryAfter: response.headers.get('retry-after'),
      });
    }
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(503));
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1000);
    expect(answers.every((a) => Number(a.retryAfter) >= 1)).toBe(true);

    // The breaker is open now: twenty more shoppers, and not one more request reaches the cluster.
    const reached = hole.searches();
    const quick: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const response = await fetch(`${base}/api/search/suggest?q=bo`);
      await response.arrayBuffer();
      expect(response.status).toBe(503);
      quick.push(performance.now() - started);
    }
    expect(reached).toBeGreaterThan(0);
    expect(hole.searches()).toBe(reached);
    expect(Math.max(...quick)).toBeLessThan(200);
  }, 30_000);
});
