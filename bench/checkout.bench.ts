/**
 * npm run bench:checkout — checkouts per second and p50/p99 at 16 and 64 concurrent buyers through the orders
 * service (HTTP, session auth, real PostgreSQL + dynalite), beside a baseline in the same run that issues the same
 * storage calls directly (CheckoutService in this process, no HTTP, no auth). Then argon2id logins per second.
 * Needs DATABASE_URL (a PostgreSQL server); prints a table and writes bench/results/checkout.json.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Argon2PasswordHasher } from '../adapters/crypto/argon2.password-hasher.js';
import { ElectroDbCartRepository } from '../adapters/dynamodb/carts.electrodb.adapter.js';
import { ElectroDbCatalogRepository } from '../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../adapters/dynamodb/dynamodb-client.js';
import { ensureTables, tableDefinitions } from '../adapters/dynamodb/table-definitions.js';
import { TestCardGateway } from '../adapters/payments/test-card.gateway.js';
import { PostgresInventory } from '../adapters/postgres/inventory.postgres.adapter.js';
import { PostgresOrderStore } from '../adapters/postgres/orders.postgres.adapter.js';
import { CartService } from '../domain/cart/cart.service.js';
import { CheckoutService } from '../domain/orders/checkout.service.js';
import { newId } from '../domain/shared/ids.js';
import { type RunningProcess, startProcess, waitForHttp, waitForPort } from '../local/processes.js';
import { demoCategories, demoProducts } from '../local/seed/demo-catalog.js';
import { freshDatabase } from '../tests/support/postgres.js';
import { SHIP_STANDARD } from '../tests/support/shipping.js';
import { printTable } from './lib/load.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DATA = join(ROOT, '.data', 'bench');
const DATABASE_URL = process.env.DATABASE_URL;
const PER_SCENARIO = Number(process.env.BENCH_CHECKOUTS ?? 600);
const CONCURRENCY = [16, 64];
const PORTS = { dynamo: 18100, orders: 18101 };
const children: RunningProcess[] = [];

interface Buyer {
  userId: string;
  token: string;
}

function percentile(sorted: number[], p: number) {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

/** Closed loop: `concurrency` workers each take the next buyer and check out until the buyers run out. */
async function drive(
  name: string,
  buyers: Buyer[],
  concurrency: number,
  checkout: (buyer: Buyer) => Promise<number>,
) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < buyers.length) {
        const buyer = buyers[next++]!;
        const t = performance.now();
        const status = await checkout(buyer);
        latencies.push(performance.now() - t);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    concurrency,
    checkoutsPerSecond: Math.round(buyers.length / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    confirmed: statuses.get(201) ?? 0,
    other: buyers.length - (statuses.get(201) ?? 0),
  };
}

async function main() {
  if (!DATABASE_URL)
    throw new Error(
      'set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres',
    );
  mkdirSync(join(DATA, 'logs'), { recursive: true });
  const dynamo = startProcess({
    name: 'dynalite',
    command: process.execPath,
    args: [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'bench/servers/dynalite.ts')],
    cwd: ROOT,
    env: { ...process.env, BENCH_PORT: String(PORTS.dynamo) },
    logFile: join(DATA, 'logs', 'checkout-dynalite.log'),
  });
  children.push(dynamo);
  await waitForPort(PORTS.dynamo, 30_000);
  const endpoint = `http://127.0.0.1:${PORTS.dynamo}`;
  const client = createDynamoDbClient({ region: 'us-east-1', endpoint, requestTimeoutMs: 10_000 });
  const tables = { catalog: 'bench-checkout-catalog', carts: 'bench-checkout-carts' };
  await ensureTables(client, tableDefinitions({ CatalogTable: tables.catalog, CartsTable: tables.carts }));
  const catalog = new ElectroDbCatalogRepository(client, tables.catalog);
  const products = [...demoProducts(200, 5)].map((p) => ({ ...p, status: 'active' as const }));
  await catalog.saveCategories(demoCategories());
  await catalog.saveProducts(products);
  const skus = products.flatMap((p) => p.variants.map((v) => v.sku));

  const database = await freshDatabase(DATABASE_URL);
  await new PostgresInventory(database.db).openStock(skus.map((sku) => ({ sku, onHand: 1_000_000 })));
  const carts = new CartService(new ElectroDbCartRepository(client, tables.carts), catalog);

  const total = PER_SCENARIO * CONCURRENCY.length * 2;
  console.log(`  preparing ${total} buyers, each with a 2-line cart and a session`);
  const buyers: Buyer[] = [];
  for (let i = 0; i < total; i++) {
    const userId = newId('usr');
    const token = randomBytes(32).toString('base64url');
    buyers.push({ userId, token });
  }
  for (let i = 0; i < buyers.length; i += 500) {
    const chunk = buyers.slice(i, i + 500);
    await database.db
      .insertInto('users')
      .values(
        chunk.map((b) => ({
          id: b.userId,
          email: `${b.userId.toLowerCase()}@bench.local`,
          name: 'B',
          password_hash: 'x',
        })),
      )
      .execute();
    await database.db
      .insertInto('sessions')
      .values(
        chunk.map((b) => ({
          token_hash: createHash('sha256').update(b.token).digest('base64url'),
          user_id: b.userId,
          expires_at: new Date(Date.now() + 86_400_000),
        })),
      )
      .execute();
  }
  let k = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (k < buyers.length) {
        const buyer = buyers[k++]!;
        await carts.add(buyer.userId, skus[k % skus.length]!, 1);
        await carts.add(buyer.userId, skus[(k * 7) % skus.length]!, 2);
      }
    }),
  );

  const orders = startProcess({
    name: 'orders',
    command: process.execPath,
    args: [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'ecs-tasks/orders/main.ts')],
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(PORTS.orders),
      DATABASE_URL: database.url,
      DATABASE_POOL_MAX: '10',
      CATALOG_TABLE: tables.catalog,
      CARTS_TABLE: tables.carts,
      DYNAMODB_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      LOG_LEVEL: 'warn',
      SECURE_COOKIES: 'false',
    },
    logFile: join(DATA, 'logs', 'checkout-orders.log'),
  });
  children.push(orders);
  await waitForHttp(`http://127.0.0.1:${PORTS.orders}/ready`, 60_000, orders.child);

  const direct = new CheckoutService(
    new PostgresOrderStore(database.db),
    carts,
    catalog,
    new TestCardGateway(),
    { paymentTimeoutMs: 3000, duplicateWaitMs: 5000 },
  );
  const results: Awaited<ReturnType<typeof drive>>[] = [];
  let offset = 0;
  const take = () => {
    offset += PER_SCENARIO;
    return buyers.slice(offset - PER_SCENARIO, offset);
  };
  for (const concurrency of CONCURRENCY) {
    results.push(
      await drive('baseline: same storage calls, in process', take(), concurrency, async (buyer) => {
        const response = await direct.checkout({
          userId: buyer.userId,
          idempotencyKey: `bench-${buyer.userId}`,
          paymentToken: 'tok_visa',
          ...SHIP_STANDARD,
        });
        return response.status;
      }),
    );
    results.push(
      await drive('orders service over HTTP', take(), concurrency, async (buyer) => {
        const response = await fetch(`http://127.0.0.1:${PORTS.orders}/api/checkout`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: `session=${buyer.token}`,
            'idempotency-key': `bench-${buyer.userId}`,
          },
          body: JSON.stringify({ paymentToken: 'tok_visa', ...SHIP_STANDARD }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
  }

  const hasher = new Argon2PasswordHasher();
  const hash = await hasher.hash('bench-password-1');
  const loginsStarted = performance.now();
  const LOGINS = 40;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      for (let i = 0; i < LOGINS / 2; i++) await hasher.verify(hash, 'bench-password-1');
    }),
  );
  const loginsPerSecond = Math.round((LOGINS / ((performance.now() - loginsStarted) / 1000)) * 10) / 10;

  await orders.stop();
  await database.close();
  client.destroy();

  printTable(
    `Checkout (${PER_SCENARIO} checkouts per row, 2-line carts, PostgreSQL server + dynalite)`,
    ['scenario', 'buyers', 'checkouts/s', 'p50 ms', 'p99 ms', 'confirmed', 'other'],
    results.map((r) => [r.name, r.concurrency, r.checkoutsPerSecond, r.p50Ms, r.p99Ms, r.confirmed, r.other]),
  );
  const ratios = CONCURRENCY.map((c) => {
    const [base, service] = results.filter((r) => r.concurrency === c);
    return {
      concurrency: c,
      serviceOverBaseline: Math.round((service!.checkoutsPerSecond / base!.checkoutsPerSecond) * 100) / 100,
    };
  });
  printTable(
    'Ratio (goal >= 0.7)',
    ['buyers', 'service / baseline'],
    ratios.map((r) => [r.concurrency, r.serviceOverBaseline]),
  );
  printTable(
    'Logins (argon2id, m=19 MiB, t=2, p=1; 2 verifications in parallel)',
    ['logins/s'],
    [[loginsPerSecond]],
  );
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'results', 'checkout.json'),
    `${JSON.stringify({ date: new Date().toISOString(), perScenario: PER_SCENARIO, results, ratios, loginsPerSecond }, null, 2)}\n`,
  );
  console.log('\n  wrote bench/results/checkout.json');
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const child of children) await child.stop();
  });
