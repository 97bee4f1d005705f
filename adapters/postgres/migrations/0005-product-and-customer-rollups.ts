import { type Kysely, sql } from 'kysely';

const UP = [
  // Units and revenue per product per UTC day: "top products" over any range sums a few rows per product-day.
  `CREATE MATERIALIZED VIEW product_sales_daily AS
    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day,
           l.product_id,
           max(l.name) AS name,
           sum(l.quantity)::bigint AS units,
           sum(l.quantity::bigint * l.unit_amount)::bigint AS revenue
      FROM orders o
      JOIN order_lines l ON l.order_id = o.id
     WHERE o.status = 'CONFIRMED'
     GROUP BY 1, 2`,
  `CREATE UNIQUE INDEX product_sales_daily_key ON product_sales_daily(day, product_id)`,
  // Buyers per UTC day split by whether that day holds their first confirmed order (new) or not (returning).
  `CREATE MATERIALIZED VIEW customer_mix_daily AS
    WITH firsts AS (
      SELECT user_id, min(created_at) AS first_at FROM orders WHERE status = 'CONFIRMED' GROUP BY user_id
    ), buyers AS (
      SELECT DISTINCT (o.created_at AT TIME ZONE 'UTC')::date AS day, o.user_id,
             (f.first_at AT TIME ZONE 'UTC')::date = (o.created_at AT TIME ZONE 'UTC')::date AS is_new
        FROM orders o JOIN firsts f ON f.user_id = o.user_id
       WHERE o.status = 'CONFIRMED'
    )
    SELECT day,
           count(*) FILTER (WHERE is_new)::bigint AS new_customers,
           count(*) FILTER (WHERE NOT is_new)::bigint AS returning_customers
      FROM buyers
     GROUP BY day`,
  `CREATE UNIQUE INDEX customer_mix_daily_day ON customer_mix_daily(day)`,
];

const DOWN = [`DROP MATERIALIZED VIEW customer_mix_daily`, `DROP MATERIALIZED VIEW product_sales_daily`];

/** Rollups for top products and new vs returning customers, refreshed with the sales rollup. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
