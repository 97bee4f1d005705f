/**
 * The admin's order and customer lists on a large history, read-only: p50/p99 of each filter's first page, a page
 * half a million orders deep, an order's detail, and customer searches.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5440/history_bench2 npx tsx bench/admin-lists.ts [--runs 30]
 * The connection is read-only (default_transaction_read_only): nothing is written to the history.
 */
import { connectPostgres } from '../adapters/postgres/connect.js';
import { PostgresCustomers } from '../adapters/postgres/customers.postgres.adapter.js';
import { PostgresFulfilmentStore } from '../adapters/postgres/fulfilment.postgres.adapter.js';
import { encodeCursor } from '../domain/shared/opaque-cursor.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a database holding a demo history (npm run demo:history)');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 30);

const { db, close } = await connectPostgres({
  kind: 'server',
  url,
  maxConnections: 2,
  statementTimeoutMs: 30_000,
  applicationName: 'bench-admin-lists',
  readOnly: true,
});
const orders = new PostgresFulfilmentStore(db);
const customers = new PostgresCustomers(db);

const total = await db
  .selectFrom('orders')
  .select((eb) => eb.fn.countAll<string>().as('n'))
  .executeTakeFirstOrThrow();
const middle = await db
  .selectFrom('orders')
  .select(['id', 'user_id'])
  .orderBy('created_at', 'desc')
  .orderBy('id', 'desc')
  .offset(Math.floor(Number(total.n) / 2))
  .limit(1)
  .executeTakeFirstOrThrow();
const buyer = await db
  .selectFrom('users')
  .select(['id', 'email'])
  .where('id', '=', middle.user_id)
  .executeTakeFirstOrThrow();
const newest = await db
  .selectFrom('orders')
  .select('created_at')
  .orderBy('created_at', 'desc')
  .limit(1)
  .executeTakeFirstOrThrow();
const lastDay = new Date(newest.created_at).toISOString().slice(0, 10);
const monthAgo = new Date(new Date(newest.created_at).getTime() - 30 * 86_400_000).toISOString().slice(0, 10);

const cases: [string, () => Promise<unknown>][] = [
  ['orders: newest 50', () => orders.list({}, 50)],
  ['orders: 50, half the history deep', () => orders.list({}, 50, encodeCursor({ after: middle.id }))],
  ['orders: FAILED', () => orders.list({ status: 'FAILED' }, 50)],
  ['orders: SHIPPED (rare or none)', () => orders.list({ status: 'SHIPPED' }, 50)],
  ['orders: one day', () => orders.list({ from: lastDay, to: lastDay }, 50)],
  [
    'orders: CONFIRMED, last 30 days',
    () => orders.list({ status: 'CONFIRMED', from: monthAgo, to: lastDay }, 50),
  ],
  [
    'orders: one customer (by email)',
    async () => orders.list({ userId: (await customers.resolve(buyer.email))! }, 50),
  ],
  ['order detail', () => orders.find(middle.id)],
  ['customers: newest 50', () => customers.search(undefined, 50)],
  ['customers: email prefix', () => customers.search(buyer.email.slice(0, 12), 50)],
  ['customers: name prefix (matches most)', () => customers.search('demo', 50)],
  ['customers: no match', () => customers.search('zzzz', 50)],
  ['customer detail', () => customers.find(buyer.id)],
];

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
console.log(`${Number(total.n).toLocaleString('en-US')} orders; ${runs} runs each (after one warm-up)`);
console.log('case | p50 ms | p99 ms');
for (const [name, run] of cases) {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${name} | ${quantile(times, 0.5).toFixed(1)} | ${quantile(times, 0.99).toFixed(1)}`);
}
await close();
