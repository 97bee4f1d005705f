import { type Kysely, sql } from 'kysely';

const UP = [
  // The category each line's product was in when it sold (recorded at checkout). Nullable and without a default, so
  // adding it rewrites nothing; older lines report as 'uncategorized'.
  `ALTER TABLE order_lines ADD COLUMN category_id text`,
  // What shoppers looked at and put in their carts, as the storefront reports it: anonymous (a random session id
  // the browser made, no user, no address), append-only, no primary key (nothing ever reads one event by id).
  `CREATE TABLE shopper_events (
    type text NOT NULL CHECK (type IN ('product_view', 'add_to_cart')),
    product_id text NOT NULL,
    session_id text NOT NULL,
    at timestamptz NOT NULL
  )`,
  `CREATE INDEX shopper_events_at ON shopper_events(at)`,
  // The live funnel's orders by creation time, whatever their status, are read through 0007's orders_created.
  // Per UTC day: product views -> adds to cart -> checkouts (orders created) -> paid (orders confirmed).
  `CREATE MATERIALIZED VIEW funnel_daily AS
    WITH events AS (
      SELECT (at AT TIME ZONE 'UTC')::date AS day,
             count(*) FILTER (WHERE type = 'product_view') AS views,
             count(*) FILTER (WHERE type = 'add_to_cart') AS adds
        FROM shopper_events
       GROUP BY 1
    ), placed AS (
      SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
             count(*) AS checkouts,
             count(*) FILTER (WHERE status = 'CONFIRMED') AS paid
        FROM orders
       GROUP BY 1
    )
    SELECT day,
           coalesce(e.views, 0)::bigint AS views,
           coalesce(e.adds, 0)::bigint AS adds,
           coalesce(p.checkouts, 0)::bigint AS checkouts,
           coalesce(p.paid, 0)::bigint AS paid
      FROM events e FULL JOIN placed p USING (day)`,
  `CREATE UNIQUE INDEX funnel_daily_day ON funnel_daily(day)`,
  // Confirmed orders, units and line revenue per category per UTC day. An order falls on one day, so summing a
  // category's daily order counts over a range counts each order once.
  `CREATE MATERIALIZED VIEW category_sales_daily AS
    SELECT (o.created_at AT TIME ZONE 'UTC')::date AS day,
           coalesce(l.category_id, 'uncategorized') AS category_id,
           o.currency,
           count(DISTINCT o.id)::bigint AS orders,
           sum(l.quantity)::bigint AS units,
           sum(l.quantity::bigint * l.unit_amount)::bigint AS revenue
      FROM orders o
      JOIN order_lines l ON l.order_id = o.id
     WHERE o.status = 'CONFIRMED'
     GROUP BY 1, 2, 3`,
  `CREATE UNIQUE INDEX category_sales_daily_key ON category_sales_daily(day, category_id, currency)`,
  // When the rollups were last refreshed (one row): the health page shows how old the charts' numbers are.
  `CREATE TABLE rollup_refreshes (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    refreshed_at timestamptz NOT NULL,
    duration_ms integer NOT NULL
  )`,
];

const DOWN = [
  `DROP TABLE rollup_refreshes`,
  `DROP MATERIALIZED VIEW category_sales_daily`,
  `DROP MATERIALIZED VIEW funnel_daily`,
  `DROP TABLE shopper_events`,
  `ALTER TABLE order_lines DROP COLUMN category_id`,
];

/** The funnel (shopper events + orders) and the category mix, each with its rollup; when the rollups last ran. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
