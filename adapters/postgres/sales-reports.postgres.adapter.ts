import { type Kysely, sql } from 'kysely';
import * as z from 'zod/mini';
import type {
  DailyCustomerMix,
  DailySales,
  DayRange,
  ReportSource,
  SalesReports,
  TopProduct,
} from '../../domain/analytics/sales.js';
import type { Database } from './database.js';
import { SOLD_STATUSES_SQL } from './order-status-sql.js';

const row = z.object({
  day: z.union([z.date(), z.string()]),
  currency: z.string(),
  orders: z.union([z.string(), z.number()]),
  revenue: z.union([z.string(), z.number()]),
  customers: z.union([z.string(), z.number()]),
});
const toDailySales = (value: unknown): DailySales => {
  const r = row.parse(value);
  const day = typeof r.day === 'string' ? r.day.slice(0, 10) : r.day.toISOString().slice(0, 10);
  return {
    day,
    currency: r.currency.trim(),
    orders: Number(r.orders),
    revenue: Number(r.revenue),
    customers: Number(r.customers),
  };
};

/** Sales reports over `db`: give it the replica's connection (read-only); the primary's only where none exists. */
export class PostgresSalesReports implements SalesReports {
  constructor(private readonly db: Kysely<Database>) {}

  async salesByDay(range: DayRange, source: ReportSource): Promise<DailySales[]> {
    const rows =
      source === 'rollup'
        ? await sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, currency, orders, revenue, customers
                      FROM sales_daily
                     WHERE day >= ${range.from}::date AND day < ${range.to}::date
                     ORDER BY day, currency`.execute(this.db)
        : await sql`SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, currency,
                           count(*) AS orders, sum(total_amount) AS revenue, count(DISTINCT user_id) AS customers
                      FROM orders
                     WHERE status IN ${SOLD_STATUSES_SQL}
                       AND created_at >= (${range.from}::date)::timestamp AT TIME ZONE 'UTC'
                       AND created_at < (${range.to}::date)::timestamp AT TIME ZONE 'UTC'
                     GROUP BY 1, 2
                     ORDER BY 1, 2`.execute(this.db);
    return rows.rows.map(toDailySales);
  }

  async topProducts(range: DayRange, limit: number, source: ReportSource): Promise<TopProduct[]> {
    const rows =
      source === 'rollup'
        ? await sql`SELECT product_id, max(name) AS name, sum(units) AS units, sum(revenue) AS revenue
                      FROM product_sales_daily
                     WHERE day >= ${range.from}::date AND day < ${range.to}::date
                     GROUP BY product_id
                     ORDER BY sum(revenue) DESC, product_id
                     LIMIT ${limit}`.execute(this.db)
        : await sql`SELECT l.product_id, max(l.name) AS name, sum(l.quantity) AS units,
                           sum(l.quantity::bigint * l.unit_amount) AS revenue
                      FROM orders o JOIN order_lines l ON l.order_id = o.id
                     WHERE o.status IN ${SOLD_STATUSES_SQL}
                       AND o.created_at >= (${range.from}::date)::timestamp AT TIME ZONE 'UTC'
                       AND o.created_at < (${range.to}::date)::timestamp AT TIME ZONE 'UTC'
                     GROUP BY l.product_id
                     ORDER BY sum(l.quantity::bigint * l.unit_amount) DESC, l.product_id
                     LIMIT ${limit}`.execute(this.db);
    return rows.rows.map((value) => {
      const r = topRow.parse(value);
      return { productId: r.product_id, name: r.name, units: Number(r.units), revenue: Number(r.revenue) };
    });
  }

  async customerMix(range: DayRange, source: ReportSource): Promise<DailyCustomerMix[]> {
    const rows =
      source === 'rollup'
        ? await sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, new_customers, returning_customers
                      FROM customer_mix_daily
                     WHERE day >= ${range.from}::date AND day < ${range.to}::date
                     ORDER BY day`.execute(this.db)
        : await sql`WITH firsts AS (
                      SELECT user_id, min(created_at) AS first_at FROM orders WHERE status IN ${SOLD_STATUSES_SQL} GROUP BY user_id
                    ), buyers AS (
                      SELECT DISTINCT (o.created_at AT TIME ZONE 'UTC')::date AS day, o.user_id,
                             (f.first_at AT TIME ZONE 'UTC')::date = (o.created_at AT TIME ZONE 'UTC')::date AS is_new
                        FROM orders o JOIN firsts f ON f.user_id = o.user_id
                       WHERE o.status IN ${SOLD_STATUSES_SQL}
                         AND o.created_at >= (${range.from}::date)::timestamp AT TIME ZONE 'UTC'
                         AND o.created_at < (${range.to}::date)::timestamp AT TIME ZONE 'UTC'
                    )
                    SELECT to_char(day, 'YYYY-MM-DD') AS day,
                           count(*) FILTER (WHERE is_new) AS new_customers,
                           count(*) FILTER (WHERE NOT is_new) AS returning_customers
                      FROM buyers GROUP BY day ORDER BY day`.execute(this.db);
    return rows.rows.map((value) => {
      const r = mixRow.parse(value);
      return {
        day: r.day,
        newCustomers: Number(r.new_customers),
        returningCustomers: Number(r.returning_customers),
      };
    });
  }
}

const topRow = z.object({
  product_id: z.string(),
  name: z.string(),
  units: z.union([z.string(), z.number()]),
  revenue: z.union([z.string(), z.number()]),
});
const mixRow = z.object({
  day: z.string(),
  new_customers: z.union([z.string(), z.number()]),
  returning_customers: z.union([z.string(), z.number()]),
});

/** Keeps the rollups fresh: runs on the primary (a standby cannot refresh), readers never blocked. */
export class SalesRollup {
  constructor(private readonly primary: Kysely<Database>) {}

  /** Milliseconds the refresh took; also recorded, with when it finished, for the health page. */
  async refresh(): Promise<number> {
    const started = performance.now();
    for (const view of ROLLUPS)
      await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY ${sql.id(view)}`.execute(this.primary);
    const durationMs = performance.now() - started;
    await sql`INSERT INTO rollup_refreshes (only_row, refreshed_at, duration_ms) VALUES (true, now(), ${Math.round(durationMs)})
      ON CONFLICT (only_row) DO UPDATE SET refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms`.execute(
      this.primary,
    );
    return durationMs;
  }
}

const ROLLUPS = [
  'sales_daily',
  'product_sales_daily',
  'customer_mix_daily',
  'funnel_daily',
  'category_sales_daily',
] as const;

/** When the rollups `db` sees were last refreshed (on a replica: the refresh it has replayed); null if never. */
export async function lastRollupRefresh(db: Kysely<Database>): Promise<string | null> {
  const row = await db.selectFrom('rollup_refreshes').select('refreshed_at').executeTakeFirst();
  return row ? new Date(row.refreshed_at).toISOString() : null;
}
