/**
 * npm run demo:history -- --orders 1000000 [--days 365]: a sales history for the admin's analytics, written to
 * DATABASE_URL, or else to the local shop's PostgreSQL (through the running shop, or its data folder when stopped).
 */
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectPostgres, type PostgresHandle } from '../adapters/postgres/connect.js';
import { migrateToLatest } from '../adapters/postgres/migrate.js';
import { SalesRollup } from '../adapters/postgres/sales-reports.postgres.adapter.js';
import { readLocalConfig } from './config.js';
import { progress } from './progress.js';
import { generateHistory } from './seed/demo-history.js';

const { values } = parseArgs({
  options: { orders: { type: 'string', default: '100000' }, days: { type: 'string', default: '365' } },
});
const orders = Number(values.orders);
const days = Number(values.days);
if (!Number.isInteger(orders) || orders < 1 || orders > 10_000_000 || !Number.isInteger(days) || days < 1) {
  console.error('usage: npm run demo:history -- --orders <1..10000000> [--days <days, default 365>]');
  process.exit(2);
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

async function open(): Promise<{ handle: PostgresHandle; where: string }> {
  const config = readLocalConfig(process.env);
  const server = (url: string) =>
    connectPostgres({
      kind: 'server',
      url,
      maxConnections: 2,
      statementTimeoutMs: 600_000,
      applicationName: 'demo-history',
    });
  if (config.DATABASE_URL) return { handle: await server(config.DATABASE_URL), where: 'DATABASE_URL' };
  if (await listening(config.LOCAL_POSTGRES_PORT))
    return {
      handle: await server(
        `postgres://postgres@127.0.0.1:${config.LOCAL_POSTGRES_PORT}/postgres?sslmode=disable`,
      ),
      where: `the running shop's PostgreSQL (port ${config.LOCAL_POSTGRES_PORT})`,
    };
  const dataDir = join(config.DATA_DIR, 'postgres');
  return { handle: await connectPostgres({ kind: 'embedded', dataDir }), where: dataDir };
}

const { handle, where } = await open();
try {
  await migrateToLatest(handle.db);
  const config = readLocalConfig(process.env);
  console.log(`Writing ${orders.toLocaleString('en')} orders over ${days} days to ${where}`);
  const bar = progress('Orders', orders);
  const started = performance.now();
  await generateHistory(handle.db, {
    orders,
    days,
    products: config.SEED_PRODUCTS,
    onProgress: (n) => bar.tick(n),
  });
  bar.done();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${Math.round(orders / seconds).toLocaleString('en')} orders/s (${seconds.toFixed(1)} s)`);
  const refresh = await new SalesRollup(handle.db).refresh();
  console.log(`  Sales rollup refreshed in ${Math.round(refresh)} ms`);
} finally {
  await handle.close();
}
