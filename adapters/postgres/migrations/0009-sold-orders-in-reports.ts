import { type Kysely, sql } from 'kysely';

/** Frozen here (not imported) so that this migration means the same on every database, whatever the code becomes. */
const SOLD = `('CONFIRMED', 'SHIPPED', 'DELIVERED')`;
const CHARGED = `('CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')`;
const BEFORE = `('CONFIRMED')`;

/** The five rollups as 0004, 0005 and 0008 made them, for the statuses given (sales, and the funnel's paid step). */
const views = (sold: string, charged: string) => [
  `CREATE MATERIALIZED VIEW sales_daily AS
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day, currency, count(*)::bigint AS orders,
           sum(total_amount)::bigint AS revenue, count(DISTINCT user_id)::bigint AS customers
      FROM orders WHERE status IN ${sold} GROUP BY 1, 2`,
  `CREATE UNIQUE INDEX sales_daily_day ON sales_daily(day, currency)`,
  `CREATE MATERIALIZED VIEW product_sales_daily AS
    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day, l.product_id, max(l.name) AS name,
           sum(l.quantity)::bigint AS units, sum(l.quantity::bigint * l.unit_amount)::bigint AS revenue
      FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.status IN ${sold} GROUP BY 1, 2`,
  `CREATE UNIQUE INDEX product_sales_daily_key ON product_sales_daily(day, product_id)`,
  `CREATE MATERIALIZED VIEW customer_mix_daily AS
    WITH firsts AS (
      SELECT user_id, min(created_at) AS first_at FROM orders WHERE status IN ${sold} GROUP BY user_id
    ), buyers AS (
      SELECT DISTINCT (o.created_at AT TIME ZONE 'UTC')::date AS day, o.user_id,
             (f.first_at AT TIME ZONE 'UTC')::date = (o.created_at AT TIME ZONE 'UTC')::date AS is_new
        FROM orders o JOIN firsts f ON f.user_id = o.user_id
       WHERE o.status IN ${sold}
    )
    SELECT day, count(*) FILTER (WHERE is_new)::bigint AS new_customers,
           count(*) FILTER (WHERE NOT is_new)::bigint AS returning_customers
      FROM buyers GROUP BY day`,
  `CREATE UNIQUE INDEX customer_mix_daily_day ON customer_mix_daily(day)`,
  `CREATE MATERIALIZED VIEW funnel_daily AS
    WITH events AS (
      SELECT (at AT TIME ZONE 'UTC')::date AS day,
             count(*) FILTER (WHERE type = 'product_view') AS views,
             count(*) FILTER (WHERE type = 'add_to_cart') AS adds
        FROM shopper_events GROUP BY 1
    ), placed AS (
      SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS checkouts,
             count(*) FILTER (WHERE status IN ${charged}) AS paid
        FROM orders GROUP BY 1
    )
    SELECT day, coalesce(e.views, 0)::bigint AS views, coalesce(e.adds, 0)::bigint AS adds,
           coalesce(p.checkouts, 0)::bigint AS checkouts, coalesce(p.paid, 0)::bigint AS paid
      FROM events e FULL JOIN placed p USING (day)`,
  `CREATE UNIQUE INDEX funnel_daily_day ON funnel_daily(day)`,
  `CREATE MATERIALIZED VIEW category_sales_daily AS
    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day, coalesce(l.category_id, 'uncategorized') AS category_id,
           o.currency, count(DISTINCT o.id)::bigint AS orders, sum(l.quantity)::bigint AS units,
           sum(l.quantity::bigint * l.unit_amount)::bigint AS revenue
      FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.status IN ${sold} GROUP BY 1, 2, 3`,
  `CREATE UNIQUE INDEX category_sales_daily_key ON category_sales_daily(day, category_id, currency)`,
];

const DROP_VIEWS = [
  'sales_daily',
  'product_sales_daily',
  'customer_mix_daily',
  'funnel_daily',
  'category_sales_daily',
].map((view) => `DROP MATERIALIZED VIEW ${view}`);

/**
 * Shipping or delivering an order (0007) must not take it out of the sales: every rollup counts paid orders in any
 * fulfilment state (cancelled ones are not sales, but were paid checkouts in the funnel). The live reports' partial
 * index follows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    ...DROP_VIEWS,
    ...views(SOLD, CHARGED),
    `CREATE INDEX orders_sold_created ON orders(created_at) WHERE status IN ${SOLD}`,
    `DROP INDEX orders_confirmed_created`,
  ])
    await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `CREATE INDEX orders_confirmed_created ON orders(created_at) WHERE status = 'CONFIRMED'`,
    `DROP INDEX orders_sold_created`,
    ...DROP_VIEWS,
    ...views(BEFORE, BEFORE),
  ])
    await sql.raw(statement).execute(db);
}
