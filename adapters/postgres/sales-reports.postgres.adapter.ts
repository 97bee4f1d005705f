import { type Kysely, sql } from 'kysely';
import * as z from 'zod/mini';
import type { DailySales, DayRange, ReportSource, SalesReports } from '../../domain/analytics/sales.js';
import type { Database } from './database.js';

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
                     WHERE status = 'CONFIRMED'
                       AND created_at >= (${range.from}::date)::timestamp AT TIME ZONE 'UTC'
                       AND created_at < (${range.to}::date)::timestamp AT TIME ZONE 'UTC'
                     GROUP BY 1, 2
                     ORDER BY 1, 2`.execute(this.db);
    return rows.rows.map(toDailySales);
  }
}

/** Keeps the rollups fresh: runs on the primary (a standby cannot refresh), readers never blocked. */
export class SalesRollup {
  constructor(private readonly primary: Kysely<Database>) {}

  /** Milliseconds the refresh took. */
  async refresh(): Promise<number> {
    const started = performance.now();
    await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY sales_daily`.execute(this.primary);
    return performance.now() - started;
  }
}
