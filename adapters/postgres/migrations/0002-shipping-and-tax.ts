import { type Kysely, sql } from 'kysely';

const UP = [
  // What an order costs is now goods + shipping + tax. Orders placed before this keep their total as their
  // subtotal, with standard shipping for nothing, no tax and no address (null).
  `ALTER TABLE orders
    ADD COLUMN subtotal_amount bigint CHECK (subtotal_amount >= 0),
    ADD COLUMN shipping_method text NOT NULL DEFAULT 'standard' CHECK (shipping_method IN ('standard', 'express')),
    ADD COLUMN shipping_amount bigint NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0),
    ADD COLUMN tax_rate numeric(7, 6) NOT NULL DEFAULT 0 CHECK (tax_rate BETWEEN 0 AND 1),
    ADD COLUMN tax_amount bigint NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    ADD COLUMN shipping_address json`,
  `UPDATE orders SET subtotal_amount = total_amount`,
  `ALTER TABLE orders ALTER COLUMN subtotal_amount SET NOT NULL`,
  `ALTER TABLE orders ADD CONSTRAINT orders_total_is_the_sum
    CHECK (total_amount = subtotal_amount + shipping_amount + tax_amount)`,
  // Saved addresses: the region (state, province, county) the contract has, and a user's list in one index scan.
  `ALTER TABLE addresses ADD COLUMN region text`,
  `CREATE INDEX addresses_user_created ON addresses(user_id, created_at DESC, id DESC)`,
];

const DOWN = [
  `DROP INDEX addresses_user_created`,
  `ALTER TABLE addresses DROP COLUMN region`,
  `ALTER TABLE orders DROP CONSTRAINT orders_total_is_the_sum`,
  `ALTER TABLE orders
    DROP COLUMN shipping_address,
    DROP COLUMN tax_amount,
    DROP COLUMN tax_rate,
    DROP COLUMN shipping_amount,
    DROP COLUMN shipping_method,
    DROP COLUMN subtotal_amount`,
];

/** Orders carry their subtotal, shipping (method, amount), tax (rate, amount) and the address shipped to. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
