import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type PostgresHandle } from '../../adapters/postgres/connect.js';
import type { Database } from '../../adapters/postgres/database.js';
import { PostgresSalesReports, SalesRollup } from '../../adapters/postgres/sales-reports.postgres.adapter.js';
import { averageOrderValue } from '../../domain/analytics/sales.js';
import { newId } from '../../domain/shared/ids.js';
import { freshDatabase } from '../support/postgres.js';
import { describeWithService } from '../support/real-services.js';
import { connectReplicaOf, waitForReplay } from '../support/replica.js';

const RANGE = { from: '2026-01-01', to: '2026-02-01' };

/** Confirmed (and some failed) orders on given UTC days, written straight to the tables the checkout writes. */
async function placeOrders(
  db: Kysely<Database>,
  orders: { day: string; amount: number; status?: string; product?: string }[],
  userId = newId('usr'),
) {
  await db
    .insertInto('users')
    .values({ id: userId, email: `${userId}@example.com`, password_hash: 'x', name: 'A' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  for (const [i, order] of orders.entries()) {
    const orderId = newId('ord');
    await db
      .insertInto('orders')
      .values({
        id: orderId,
        user_id: userId,
        idempotency_key: `k-${orderId}-${i}`,
        request_hash: 'h',
        status: order.status ?? 'CONFIRMED',
        currency: 'USD',
        total_amount: order.amount,
        subtotal_amount: order.amount,
        shipping_method: 'standard',
        shipping_amount: 0,
        tax_rate: sql`cast('0' as numeric)`,
        tax_amount: 0,
        shipping_address: null,
        payment_token: 'tok_visa',
        created_at: new Date(`${order.day}T12:00:00Z`),
        updated_at: new Date(`${order.day}T12:00:00Z`),
      })
      .execute();
    const product = order.product ?? 'prd_a';
    await db
      .insertInto('order_lines')
      .values({
        order_id: orderId,
        sku: `sku-${product}`,
        product_id: product,
        name: product,
        unit_amount: order.amount,
        quantity: 1,
      })
      .execute();
  }
  return userId;
}

describe('sales by day: the rollup agrees with the orders (PGlite, analytics on the primary)', () => {
  let handle: PostgresHandle;
  beforeAll(async () => {
    handle = await freshDatabase();
  });
  afterAll(() => handle?.close());

  it('counts confirmed orders only, per UTC day, the same from the rollup (after a refresh) and live', async () => {
    await placeOrders(handle.db, [
      { day: '2026-01-03', amount: 1000 },
      { day: '2026-01-03', amount: 2001 },
      { day: '2026-01-03', amount: 500, status: 'FAILED' },
      { day: '2026-01-10', amount: 4999 },
      { day: '2026-02-01', amount: 7000 },
    ]);
    const reports = new PostgresSalesReports(handle.db);
    expect(await reports.salesByDay(RANGE, 'rollup')).toEqual([]);
    await new SalesRollup(handle.db).refresh();
    const rollup = await reports.salesByDay(RANGE, 'rollup');
    expect(rollup).toEqual([
      { day: '2026-01-03', currency: 'USD', orders: 2, revenue: 3001, customers: 1 },
      { day: '2026-01-10', currency: 'USD', orders: 1, revenue: 4999, customers: 1 },
    ]);
    expect(await reports.salesByDay(RANGE, 'live')).toEqual(rollup);
    expect(averageOrderValue(rollup[0]!)).toBe(1501);
  });

  it('ranks top products by revenue and splits buyers into new and returning, the same from rollups and live', async () => {
    const ada = await placeOrders(handle.db, [
      { day: '2026-01-05', amount: 500, product: 'prd_b' },
      { day: '2026-01-06', amount: 9000, product: 'prd_c' },
    ]);
    await placeOrders(handle.db, [{ day: '2026-01-07', amount: 100, product: 'prd_b' }], ada);
    await placeOrders(handle.db, [{ day: '2026-01-07', amount: 700, product: 'prd_c', status: 'FAILED' }]);
    const reports = new PostgresSalesReports(handle.db);
    await new SalesRollup(handle.db).refresh();
    const range = { from: '2026-01-05', to: '2026-01-08' };
    const top = await reports.topProducts(range, 10, 'rollup');
    expect(top).toEqual([
      { productId: 'prd_c', name: 'prd_c', units: 1, revenue: 9000 },
      { productId: 'prd_b', name: 'prd_b', units: 2, revenue: 600 },
    ]);
    expect(await reports.topProducts(range, 10, 'live')).toEqual(top);
    expect(await reports.topProducts(range, 1, 'rollup')).toEqual(top.slice(0, 1));
    const mix = await reports.customerMix(range, 'rollup');
    expect(mix).toEqual([
      { day: '2026-01-05', newCustomers: 1, returningCustomers: 0 },
      { day: '2026-01-06', newCustomers: 0, returningCustomers: 1 },
      { day: '2026-01-07', newCustomers: 0, returningCustomers: 1 },
    ]);
    expect(await reports.customerMix(range, 'live')).toEqual(mix);
  });
});

describeWithService('REPLICA_DATABASE_URL', 'analytics read the streaming replica', (replicaUrl) => {
  let primary: PostgresHandle & { url?: string };
  let replica: PostgresHandle;
  let control: PostgresHandle;

  beforeAll(async () => {
    if (!process.env.DATABASE_URL)
      throw new Error('DATABASE_URL (the primary) must be set with REPLICA_DATABASE_URL');
    primary = await freshDatabase(process.env.DATABASE_URL);
    replica = await connectReplicaOf(replicaUrl, primary.url!);
    control = await connectPostgres({
      kind: 'server',
      url: replicaUrl,
      maxConnections: 1,
      statementTimeoutMs: 5000,
      applicationName: 'analytics-test-control',
    });
    await waitForReplay(primary.db, control.db);
  }, 60_000);
  afterAll(async () => {
    await sql`select pg_wal_replay_resume()`.execute(control.db).catch(() => {});
    await replica?.close();
    await control?.close();
    await primary?.close();
  });

  it('is a standby, and the analytics connection refuses any write', async () => {
    const recovery = await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(
      replica.db,
    );
    expect(recovery.rows[0]!.standby).toBe(true);
    const primaryRecovery = await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby`.execute(
      primary.db,
    );
    expect(primaryRecovery.rows[0]!.standby).toBe(false);
    await expect(
      replica.db.insertInto('users').values({ id: 'u', email: 'e', password_hash: 'x', name: 'n' }).execute(),
    ).rejects.toMatchObject({ code: '25006' }); // read_only_sql_transaction
  });

  it('sees a sale written on the primary only once it has been replicated', async () => {
    const reports = new PostgresSalesReports(replica.db);
    const before = await reports.salesByDay(RANGE, 'live');
    await sql`select pg_wal_replay_pause()`.execute(control.db);
    try {
      await placeOrders(primary.db, [{ day: '2026-01-20', amount: 12_345 }]);
      await new SalesRollup(primary.db).refresh();
      // On the primary at once...
      expect(await new PostgresSalesReports(primary.db).salesByDay(RANGE, 'live')).toContainEqual(
        expect.objectContaining({ day: '2026-01-20', revenue: 12_345 }),
      );
      // ...but the paused standby, which analytics read, does not have it yet.
      await new Promise((r) => setTimeout(r, 300));
      expect(await reports.salesByDay(RANGE, 'live')).toEqual(before);
    } finally {
      await sql`select pg_wal_replay_resume()`.execute(control.db);
    }
    let after = before;
    for (let i = 0; i < 100 && after.length === before.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await reports.salesByDay(RANGE, 'live');
    }
    expect(after).toContainEqual(expect.objectContaining({ day: '2026-01-20', orders: 1, revenue: 12_345 }));
    expect(await reports.salesByDay(RANGE, 'rollup')).toContainEqual(
      expect.objectContaining({ day: '2026-01-20', revenue: 12_345 }),
    );
  });
});
