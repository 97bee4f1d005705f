import { type Kysely, sql } from 'kysely';
import * as z from 'zod/mini';
import type { CategorySales, DailyFunnel, InsightReports } from '../../domain/analytics/insights.js';
import { UNCATEGORIZED } from '../../domain/analytics/insights.js';
import type { DayRange, ReportSource } from '../../domain/analytics/sales.js';
import type { Database } from './database.js';
import { CHARGED_STATUSES_SQL, SOLD_STATUSES_SQL } from './order-status-sql.js';

const count = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((v) => Number(v)),
);
const funnelRow = z.object({ day: z.string(), views: count, adds: count, checkouts: count, paid: count });
const categoryRow = z.object({
  category_id: z.string(),
  currency: z.string(),
  orders: count,
  units: count,
  revenue: count,
});

/** The funnel and the category mix over `db`: the replica's connection (read-only), the primary's only without one. */
export class PostgresInsightReports implements InsightReports {
  constructor(private readonly db: Kysely<Database>) {}

  async funnel(range: DayRange, source: ReportSource): Promise<DailyFunnel[]> {
    const from = sql`(${range.from}::date)::timestamp AT TIME ZONE 'UTC'`;
    const to = sql`(${range.to}::date)::timestamp AT TIME ZONE 'UTC'`;
    const rows =
      source === 'rollup'
        ? await sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, views, adds, checkouts, paid
                      FROM funnel_daily
                     WHERE day >= ${range.from}::date AND day < ${range.to}::date
                     ORDER BY day`.execute(this.db)
        : await sql`WITH events AS (
                      SELECT (at AT TIME ZONE 'UTC')::date AS day,
                             count(*) FILTER (WHERE type = 'product_view') AS views,
                             count(*) FILTER (WHERE type = 'add_to_cart') AS adds
                        FROM shopper_events WHERE at >= ${from} AND at < ${to}
                       GROUP BY 1
                    ), placed AS (
                      SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
                             count(*) AS checkouts, count(*) FILTER (WHERE status IN ${CHARGED_STATUSES_SQL}) AS paid
                        FROM orders WHERE created_at >= ${from} AND created_at < ${to}
                       GROUP BY 1
                    )
                    SELECT to_char(day, 'YYYY-MM-DD') AS day, coalesce(e.views, 0) AS views,
                           coalesce(e.adds, 0) AS adds, coalesce(p.checkouts, 0) AS checkouts,
                           coalesce(p.paid, 0) AS paid
                      FROM events e FULL JOIN placed p USING (day)
                     ORDER BY day`.execute(this.db);
    return rows.rows.map((value) => funnelRow.parse(value));
  }

  async categoryMix(range: DayRange, source: ReportSource): Promise<CategorySales[]> {
    const rows =
      source === 'rollup'
        ? await sql`SELECT category_id, currency, sum(orders) AS orders, sum(units) AS units,
                           sum(revenue) AS revenue
                      FROM category_sales_daily
                     WHERE day >= ${range.from}::date AND day < ${range.to}::date
                     GROUP BY category_id, currency
                     ORDER BY sum(revenue) DESC, category_id, currency`.execute(this.db)
        : await sql`SELECT coalesce(l.category_id, ${UNCATEGORIZED}) AS category_id, o.currency,
                           count(DISTINCT o.id) AS orders, sum(l.quantity) AS units,
                           sum(l.quantity::bigint * l.unit_amount) AS revenue
                      FROM orders o JOIN order_lines l ON l.order_id = o.id
                     WHERE o.status IN ${SOLD_STATUSES_SQL}
                       AND o.created_at >= (${range.from}::date)::timestamp AT TIME ZONE 'UTC'
                       AND o.created_at < (${range.to}::date)::timestamp AT TIME ZONE 'UTC'
                     GROUP BY 1, 2
                     ORDER BY sum(l.quantity::bigint * l.unit_amount) DESC, 1, 2`.execute(this.db);
    return rows.rows.map((value) => {
      const r = categoryRow.parse(value);
      return {
        categoryId: r.category_id,
        orders: r.orders,
        units: r.units,
        revenue: r.revenue,
        currency: r.currency.trim(),
      };
    });
  }
}
