import { type Kysely, sql } from 'kysely';

const UP = [
  // After payment: shipped (carrier, tracking), delivered, or cancelled. NOT VALID then VALIDATE: the check scans
  // the table once without blocking writes for the scan.
  `ALTER TABLE orders DROP CONSTRAINT orders_status_check`,
  `ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED', 'SHIPPED', 'DELIVERED', 'CANCELLED')) NOT VALID`,
  `ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check`,
  `ALTER TABLE orders
    ADD COLUMN carrier text,
    ADD COLUMN tracking_number text,
    ADD COLUMN shipped_at timestamptz,
    ADD COLUMN delivered_at timestamptz,
    ADD COLUMN cancelled_at timestamptz`,
  // The admin's order list, newest first: one keyset index for "all" and date ranges, one per status filter.
  // (A customer's orders use orders_user_created.)
  `CREATE INDEX orders_created ON orders(created_at DESC, id DESC)`,
  `CREATE INDEX orders_status_created ON orders(status, created_at DESC, id DESC)`,
  // Units of the line that came back to stock (refund restock or cancel), reserved with the refund: never above
  // what was bought, so a unit returns at most once.
  `ALTER TABLE order_lines ADD COLUMN restocked_quantity integer NOT NULL DEFAULT 0`,
  `ALTER TABLE order_lines ADD CONSTRAINT order_lines_restock_within_quantity
    CHECK (restocked_quantity BETWEEN 0 AND quantity)`,
  // Refunds are payment rows too: one charge per order, any number of refunds; a refund is PENDING from the moment
  // its amount is reserved until the gateway's answer is settled (REFUNDED or FAILED).
  `ALTER TABLE payments
    ADD COLUMN kind text NOT NULL DEFAULT 'charge' CHECK (kind IN ('charge', 'refund')),
    ADD COLUMN reason text,
    ADD COLUMN restock json,
    ADD COLUMN settled_at timestamptz`,
  `ALTER TABLE payments ALTER COLUMN provider_reference DROP NOT NULL`,
  `CREATE UNIQUE INDEX payments_one_charge ON payments(order_id) WHERE kind = 'charge'`,
  `CREATE INDEX payments_refunds ON payments(order_id) WHERE kind = 'refund'`,
  `ALTER TABLE payments DROP CONSTRAINT payments_order_id_key`,
  // The recovery sweep: refunds whose gateway answer never arrived.
  `CREATE INDEX payments_refunds_pending ON payments(created_at) WHERE kind = 'refund' AND status = 'PENDING'`,
  // An event's details (carrier, amounts, reason) as data, not only prose.
  `ALTER TABLE order_events ADD COLUMN data json`,
  // Customer lookup: newest first, or by email / name prefix (case-insensitive; pattern ops serve LIKE 'x%').
  `CREATE INDEX users_created ON users(created_at DESC, id DESC)`,
  `CREATE INDEX users_email_prefix ON users(lower(email) text_pattern_ops)`,
  `CREATE INDEX users_name_prefix ON users(lower(name) text_pattern_ops)`,
];

const DOWN = [
  `DROP INDEX users_name_prefix`,
  `DROP INDEX users_email_prefix`,
  `DROP INDEX users_created`,
  `ALTER TABLE order_events DROP COLUMN data`,
  `DELETE FROM payments WHERE kind = 'refund'`,
  `DROP INDEX payments_refunds_pending`,
  `ALTER TABLE payments ADD CONSTRAINT payments_order_id_key UNIQUE (order_id)`,
  `DROP INDEX payments_refunds`,
  `DROP INDEX payments_one_charge`,
  `ALTER TABLE payments ALTER COLUMN provider_reference SET NOT NULL`,
  `ALTER TABLE payments DROP COLUMN settled_at, DROP COLUMN restock, DROP COLUMN reason, DROP COLUMN kind`,
  `ALTER TABLE order_lines DROP CONSTRAINT order_lines_restock_within_quantity`,
  `ALTER TABLE order_lines DROP COLUMN restocked_quantity`,
  `DROP INDEX orders_status_created`,
  `DROP INDEX orders_created`,
  `ALTER TABLE orders
    DROP COLUMN cancelled_at, DROP COLUMN delivered_at, DROP COLUMN shipped_at,
    DROP COLUMN tracking_number, DROP COLUMN carrier`,
  `UPDATE orders SET status = 'CONFIRMED' WHERE status IN ('SHIPPED', 'DELIVERED', 'CANCELLED')`,
  `ALTER TABLE orders DROP CONSTRAINT orders_status_check`,
  `ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED'))`,
];

/** Fulfilment after payment (ship, deliver, cancel), refunds as payment rows, and the admin's list indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
