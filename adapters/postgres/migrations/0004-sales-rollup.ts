import { type Kysely, sql } from 'kysely';

const UP = [
  // Revenue and orders per UTC day, precomputed: charts read a few hundred rows instead of scanning every order.
  // Refreshed on the primary on a schedule (CONCURRENTLY, so readers never wait); the replica receives it by WAL.
  `CREATE MATERIALIZED VIEW sales_daily AS
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
           currency,
           count(*)::bigint AS orders,
           sum(total_amount)::bigint AS revenue,
           count(DISTINCT user_id)::bigint AS customers
      FROM orders
     WHERE status = 'CONFIRMED'
     GROUP BY 1, 2`,
  `CREATE UNIQUE INDEX sales_daily_day ON sales_daily(day, currency)`,
  // The live report (and the rollup's refresh) scan confirmed orders by date.
  `CREATE INDEX orders_confirmed_created ON orders(created_at) WHERE status = 'CONFIRMED'`,
];

const DOWN = [`DROP INDEX orders_confirmed_created`, `DROP MATERIALIZED VIEW sales_daily`];

/** The daily sales rollup the admin's analytics read from the replica. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
