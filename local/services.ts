import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { Argon2PasswordHasher } from '../adapters/crypto/argon2.password-hasher.js';
import { connectPostgres } from '../adapters/postgres/connect.js';
import type { Database } from '../adapters/postgres/database.js';
import { PostgresInventory } from '../adapters/postgres/inventory.postgres.adapter.js';
import { migrateToLatest } from '../adapters/postgres/migrate.js';
import { PostgresUserRepository } from '../adapters/postgres/users.postgres.adapter.js';
import { newId } from '../domain/shared/ids.js';
import { startAlbRouter } from './alb-router.js';
import { startPaymentsSimulator } from './payments-simulator.js';
import { PgliteServer } from './pglite-server.js';
import { closeServer, type RunningProcess, startProcess, waitForHttp } from './processes.js';
import { progress } from './progress.js';
import { demoProducts } from './seed/demo-catalog.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

export const DEMO_USERS = [
  { email: 'demo@shop.local', password: 'demo-password-1', name: 'Demo Shopper' },
  { email: 'alex@shop.local', password: 'alex-password-1', name: 'Alex Example' },
];

const SERVICE_NAMES = ['users', 'cart', 'orders', 'search'] as const;
type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ServicesOptions {
  dataDir: string;
  ports: {
    postgres: number;
    payments: number;
    alb: number;
    users: number;
    cart: number;
    orders: number;
    search: number;
  };
  dynamoEndpoint: string;
  tables: { catalog: string; carts: string };
  redisUrl?: string;
  /** A PostgreSQL server to use instead of the embedded PGlite. */
  databaseUrl?: string;
  /** An OpenSearch node for the search service; unset: its in-process engine. */
  openSearchUrl?: string;
  seedProducts: number;
  /** The value of the origin header CloudFront sends and the ALB's rules require (OriginVerifySecret). */
  originSecret: string;
  quiet: boolean;
  log: (line: string) => void;
  /** The log collector's sink for each service process's lines. */
  logSink?: (process: string) => (line: string) => void;
}

/** PGlite behind a PostgreSQL socket (so several processes share it), the payment simulator, the three services, the ALB. */
export async function startServices(options: ServicesOptions) {
  const stops: (() => Promise<void>)[] = [];
  const databaseUrl = options.databaseUrl
    ? await prepareServerDatabase(options.databaseUrl, options)
    : await startEmbeddedDatabase(options, stops);
  const payments = await startPaymentsSimulator(options.ports.payments);
  stops.push(() => closeServer(payments.server));

  /** What every service process (and `npm run orders:recover`) gets; only PORT differs per service. */
  const serviceEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '4',
    CATALOG_TABLE: options.tables.catalog,
    CARTS_TABLE: options.tables.carts,
    DYNAMODB_ENDPOINT: options.dynamoEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    REDIS_URL: options.redisUrl ?? '',
    PAYMENTS_URL: `http://127.0.0.1:${options.ports.payments}`,
    // What DynamoDB Streams would carry on AWS: catalog writes reach the search index through the same handler.
    CATALOG_STREAM_URL: `http://127.0.0.1:${options.ports.search}/internal/catalog-stream`,
    SECURE_COOKIES: 'false',
    // Every shopper a developer simulates comes from this one address.
    REGISTER_LIMIT_PER_IP: '500',
    // Likewise every load generator and test: per-route limits far above what two cores can send to one route.
    RATE_LIMIT_READS_PER_MINUTE: '100000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_CHECKOUTS_PER_MINUTE: '100000',
    STAGE: 'local',
  };
  const searchEnv: NodeJS.ProcessEnv = options.openSearchUrl
    ? { SEARCH_ENGINE: 'opensearch', OPENSEARCH_URL: options.openSearchUrl }
    : { SEARCH_ENGINE: 'embedded' };
  const services: Record<string, RunningProcess> = {};
  const startOne = (name: ServiceName) => {
    services[name] = startProcess({
      name,
      command: process.execPath,
      args: [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'ecs-tasks', name, 'main.ts')],
      cwd: ROOT,
      env: { ...serviceEnv, ...(name === 'search' ? searchEnv : {}), PORT: String(options.ports[name]) },
      logFile: join(options.dataDir, 'logs', `${name}.log`),
      onLine: options.logSink?.(name),
    });
    return services[name]!;
  };
  for (const name of SERVICE_NAMES) startOne(name);
  stops.push(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
  });
  for (const name of SERVICE_NAMES) {
    await waitForHttp(`http://127.0.0.1:${options.ports[name]}/ready`, 120_000, services[name]!.child).catch(
      (error: Error) => {
        throw new Error(
          `the ${name} service did not start: ${error.message}. See ${join(options.dataDir, 'logs', `${name}.log`)}`,
        );
      },
    );
  }
  const alb = await startAlbRouter(
    options.ports.alb,
    {
      UsersTargetGroup: `http://127.0.0.1:${options.ports.users}`,
      CartTargetGroup: `http://127.0.0.1:${options.ports.cart}`,
      OrdersTargetGroup: `http://127.0.0.1:${options.ports.orders}`,
      SearchTargetGroup: `http://127.0.0.1:${options.ports.search}`,
    },
    { OriginVerifySecret: options.originSecret },
  );
  stops.push(async () => {
    alb.stop();
    await closeServer(alb.server);
  });
  return {
    albUrl: `http://127.0.0.1:${options.ports.alb}`,
    databaseUrl,
    serviceEnv,
    payments: payments.gateway,
    services,
    restart: async (name: ServiceName) => {
      const child = startOne(name);
      await waitForHttp(`http://127.0.0.1:${options.ports[name]}/ready`, 60_000, child.child);
    },
    stop: async () => {
      for (const step of stops.reverse()) await step().catch(() => {});
    },
  };
}

/** PGlite in this process, persisted under the data folder, served over a PostgreSQL socket; returns its URL. */
async function startEmbeddedDatabase(
  options: ServicesOptions,
  stops: (() => Promise<void>)[],
): Promise<string> {
  const pglite = await PGlite.create(join(options.dataDir, 'postgres'));
  stops.push(() => pglite.close());
  // Kysely over the same PGlite for migrations and seeding; never destroyed (that would close PGlite).
  await migrateAndSeed(new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) }), options);
  const socket = new PgliteServer(pglite, { port: options.ports.postgres, maxConnections: 60 });
  await socket.start();
  stops.push(() => socket.stop());
  return `postgres://postgres@127.0.0.1:${options.ports.postgres}/postgres?sslmode=disable`;
}

async function prepareServerDatabase(url: string, options: ServicesOptions): Promise<string> {
  const handle = await connectPostgres({
    kind: 'server',
    url,
    maxConnections: 4,
    statementTimeoutMs: 60_000,
    applicationName: 'shop-local',
  });
  try {
    await migrateAndSeed(handle.db, options);
  } finally {
    await handle.close();
  }
  return url;
}

async function migrateAndSeed(db: Kysely<Database>, options: ServicesOptions): Promise<void> {
  const applied = await migrateToLatest(db, options.quiet ? () => {} : (line) => options.log(`  ${line}`));
  if (applied > 0 || (await db.selectFrom('inventory').select('sku').limit(1).execute()).length === 0)
    await seed(db, options);
}

/** The demo stock ledger (matching the catalog's availability) and the demo accounts. */
async function seed(db: Kysely<Database>, options: ServicesOptions) {
  const inventory = new PostgresInventory(db);
  const entries = [...demoProducts(options.seedProducts)].flatMap((p) =>
    p.variants.map((v) => ({ sku: v.sku, onHand: v.availability.count })),
  );
  const bar = progress('Loading stock ledger', entries.length, options.quiet);
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    await inventory.openStock(chunk);
    bar.tick(chunk.length);
  }
  bar.done();
  const users = new PostgresUserRepository(db);
  const hasher = new Argon2PasswordHasher();
  for (const demo of DEMO_USERS) {
    await users.create(
      { id: newId('usr'), email: demo.email, name: demo.name, createdAt: new Date().toISOString() },
      await hasher.hash(demo.password),
    );
  }
}
