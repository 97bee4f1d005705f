import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresHandle } from '../../adapters/postgres/connect.js';
import type { Database } from '../../adapters/postgres/database.js';
import { PostgresInsightReports } from '../../adapters/postgres/insight-reports.postgres.adapter.js';
import {
  lastRollupRefresh,
  PostgresSalesReports,
  SalesRollup,
} from '../../adapters/postgres/sales-reports.postgres.adapter.js';
import type { CategorySales, DailyFunnel } from '../../domain/analytics/insights.js';
import type { DayRange } from '../../domain/analytics/sales.js';
import { CHARGED_STATUSES, PAID_STATUSES } from '../../domain/orders/fulfilment.js';
import { generateHistory } from '../../local/seed/demo-history.js';
import { freshDatabase } from '../support/postgres.js';
import { describeWithService } from '../support/real-services.js';
import { connectReplicaOf, waitForReplay } from '../support/replica.js';

const DAY_MS = 86_400_000;
const utcDay = (at: Date | string | number) => new Date(at).toISOString().slice(0, 10);

/** The category mix computed here from the raw rows of the primary, line by line. */
async function categoryMixByHand(db: Kysely<Database>, range: DayRange): Promise<CategorySales[]> {
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select([
      'o.id',
      'o.created_at',
      'o.currency',
      'o.status',
      'l.category_id',
      'l.quantity',
      'l.unit_amount',
    ])
    .execute();
  const mix = new Map<string, CategorySales & { orderIds: Set<string> }>();
  for (const line of lines) {
    const day = utcDay(line.created_at);
    if (!isSold(line.status) || day < range.from || day >= range.to) continue;
    const categoryId = line.category_id ?? 'uncategorized';
    const key = `${categoryId}|${line.currency}`;
    const entry = mix.get(key) ?? {
      categoryId,
      currency: line.currency,
      orders: 0,
      units: 0,
      revenue: 0,
      orderIds: new Set<string>(),
    };
    entry.orderIds.add(line.id);
    entry.units += line.quantity;
    entry.revenue += line.quantity * line.unit_amount;
    mix.set(key, entry);
  }
  return [...mix.values()]
    .map(({ orderIds, ...entry }) => ({ ...entry, orders: orderIds.size }))
    .sort((a, b) => b.revenue - a.revenue || (a.categoryId < b.categoryId ? -1 : 1));
}

/** The funnel computed here from the raw events and orders of the primary. */
async function funnelByHand(db: Kysely<Database>, range: DayRange): Promise<DailyFunnel[]> {
  const days = new Map<string, DailyFunnel>();
  const on = (at: Date | string) => {
    const day = utcDay(at);
    if (day < range.from || day >= range.to) return null;
    if (!days.has(day)) days.set(day, { day, views: 0, adds: 0, checkouts: 0, paid: 0 });
    return days.get(day)!;
  };
  for (const event of await db.selectFrom('shopper_events').select(['type', 'at']).execute()) {
    const day = on(event.at);
    if (day && event.type === 'product_view') day.views++;
    if (day && event.type === 'add_to_cart') day.adds++;
  }
  for (const order of await db.selectFrom('orders').select(['status', 'created_at']).execute()) {
    const day = on(order.created_at);
    if (!day) continue;
    day.checkouts++;
    if ((CHARGED_STATUSES as readonly string[]).includes(order.status)) day.paid++;
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

/** A demo history (every line categorized), then a few lines from before categories were recorded. */
async function history(db: Kysely<Database>) {
  await generateHistory(db, { orders: 1500, days: 20, products: 24, seed: 11 });
  await sql`UPDATE order_lines SET category_id = NULL
             WHERE order_id IN (SELECT id FROM orders ORDER BY md5(id) LIMIT 60)`.execute(db);
  // Fulfilment moves paid orders on: shipped and delivered ones are still sales, cancelled ones are not.
  for (const [status, offset, count] of [
    ['SHIPPED', 100, 300],
    ['DELIVERED', 400, 200],
    ['CANCELLED', 600, 80],
  ] as const)
    await sql`UPDATE orders SET status = ${status}
               WHERE id IN (SELECT id FROM orders WHERE status = 'CONFIRMED' ORDER BY md5(id)
                             OFFSET ${offset} LIMIT ${count})`.execute(db);
}

const isSold = (status: string) => (PAID_STATUSES as readonly string[]).includes(status);

/** Sales per day computed here from the raw orders of the primary. */
async function salesByHand(db: Kysely<Database>, range: DayRange) {
  const days = new Map<string, { day: string; currency: string; orders: number; revenue: number }>();
  for (const order of await db
    .selectFrom('orders')
    .select(['status', 'created_at', 'currency', 'total_amount'])
    .execute()) {
    const day = utcDay(order.created_at);
    if (!isSold(order.status) || day < range.from || day >= range.to) continue;
    const entry = days.get(day) ?? { day, currency: order.currency.trim(), orders: 0, revenue: 0 };
    entry.orders++;
    entry.revenue += Number(order.total_amount);
    days.set(day, entry);
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

function agreementSuite(open: () => Promise<{ primary: Kysely<Database>; analytics: Kysely<Database> }>) {
  let primary: Kysely<Database>;
  let analytics: Kysely<Database>;
  const today = Date.now();
  const ranges: DayRange[] = [
    { from: utcDay(today - 30 * DAY_MS), to: utcDay(today + DAY_MS) },
    { from: utcDay(today - 9 * DAY_MS), to: utcDay(today - 3 * DAY_MS) },
  ];
  beforeAll(async () => {
    ({ primary, analytics } = await open());
  }, 120_000);

  it.each(ranges)('category mix $from to $to: rollup = live = the lines counted by hand', async (range) => {
    const reports = new PostgresInsightReports(analytics);
    const expected = await categoryMixByHand(primary, range);
    expect(expected.map((c) => c.categoryId)).toContain('uncategorized');
    expect(expected.length).toBeGreaterThan(3);
    expect(await reports.categoryMix(range, 'rollup')).toEqual(expected);
    expect(await reports.categoryMix(range, 'live')).toEqual(expected);
  });

  it.each(ranges)('funnel $from to $to: rollup = live = events and orders counted by hand', async (range) => {
    const reports = new PostgresInsightReports(analytics);
    const expected = await funnelByHand(primary, range);
    const totals = expected.reduce((n, d) => n + d.views + d.adds + d.checkouts, 0);
    expect(totals).toBeGreaterThan(1000);
    expect(await reports.funnel(range, 'rollup')).toEqual(expected);
    expect(await reports.funnel(range, 'live')).toEqual(expected);
  });

  it.each(ranges)(
    'sales $from to $to, shipped and delivered orders included, cancelled ones not: rollup = live = by hand',
    async (range) => {
      const reports = new PostgresSalesReports(analytics);
      const expected = await salesByHand(primary, range);
      const pick = (rows: { day: string; currency: string; orders: number; revenue: number }[]) =>
        rows.map(({ day, currency, orders, revenue }) => ({ day, currency, orders, revenue }));
      expect(pick(await reports.salesByDay(range, 'rollup'))).toEqual(expected);
      expect(pick(await reports.salesByDay(range, 'live'))).toEqual(expected);
      const statuses = await primary.selectFrom('orders').select('status').distinct().execute();
      expect(statuses.map((s) => s.status).sort()).toEqual([
        'CANCELLED',
        'CONFIRMED',
        'DELIVERED',
        'FAILED',
        'SHIPPED',
      ]);
    },
  );

  it('records when the rollups were refreshed, where the analytics read', async () => {
    const at = await lastRollupRefresh(analytics);
    expect(Date.now() - Date.parse(at!)).toBeLessThan(120_000);
  });
}

describe('funnel and category mix on PGlite (analytics on the primary)', () => {
  let handle: PostgresHandle;
  afterAll(() => handle?.close());
  agreementSuite(async () => {
    handle = await freshDatabase();
    await history(handle.db);
    expect(await lastRollupRefresh(handle.db)).toBeNull();
    await new SalesRollup(handle.db).refresh();
    return { primary: handle.db, analytics: handle.db };
  });
});

describeWithService(
  'REPLICA_DATABASE_URL',
  'funnel and category mix read from the streaming replica',
  (url) => {
    let primary: PostgresHandle & { url?: string };
    let replica: PostgresHandle;
    afterAll(async () => {
      await replica?.close();
      await primary?.close();
    });
    agreementSuite(async () => {
      primary = await freshDatabase(process.env.DATABASE_URL);
      await history(primary.db);
      await new SalesRollup(primary.db).refresh();
      replica = await connectReplicaOf(url, primary.url!);
      await waitForReplay(primary.db, replica.db);
      return { primary: primary.db, analytics: replica.db };
    });
  },
);
