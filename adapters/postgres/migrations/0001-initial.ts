import { type Kysely, sql } from 'kysely';

const STATEMENTS = [
  `CREATE TABLE users (
    id text PRIMARY KEY,
    email text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`,
  `CREATE INDEX sessions_user ON sessions(user_id)`,
  `CREATE TABLE addresses (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name text NOT NULL,
    line1 text NOT NULL,
    line2 text,
    city text NOT NULL,
    postal_code text NOT NULL,
    country char(2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE inventory (
    sku text PRIMARY KEY,
    on_hand integer NOT NULL CHECK (on_hand >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE inventory_movements (
    id bigserial PRIMARY KEY,
    sku text NOT NULL REFERENCES inventory(sku),
    delta integer NOT NULL,
    reason text NOT NULL,
    order_id text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX inventory_movements_sku ON inventory_movements(sku)`,
  `CREATE TABLE orders (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id),
    idempotency_key text NOT NULL,
    request_hash text NOT NULL,
    status text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED')),
    currency char(3) NOT NULL,
    total_amount bigint NOT NULL CHECK (total_amount >= 0),
    payment_token text NOT NULL,
    response json, -- json, not jsonb: a replay returns the first answer byte for byte (jsonb reorders keys)
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, idempotency_key)
  )`,
  `CREATE INDEX orders_user_created ON orders(user_id, created_at DESC)`,
  `CREATE INDEX orders_pending ON orders(created_at) WHERE status = 'PENDING'`,
  `CREATE TABLE order_lines (
    order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    sku text NOT NULL,
    product_id text NOT NULL,
    name text NOT NULL,
    unit_amount integer NOT NULL CHECK (unit_amount >= 0),
    quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    PRIMARY KEY (order_id, sku)
  )`,
  `CREATE TABLE payments (
    id text PRIMARY KEY,
    order_id text NOT NULL UNIQUE REFERENCES orders(id),
    provider text NOT NULL,
    provider_reference text NOT NULL,
    amount bigint NOT NULL,
    currency char(3) NOT NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE order_events (
    id bigserial PRIMARY KEY,
    order_id text NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    status text NOT NULL,
    note text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX order_events_order ON order_events(order_id)`,
  `CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    topic text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    claimed_until timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    processed_at timestamptz
  )`,
  `CREATE INDEX outbox_unprocessed ON outbox(id) WHERE processed_at IS NULL`,
];

/** Users, sessions, addresses, the stock ledger, orders and their payments, events and the outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE outbox, order_events, payments, order_lines, orders, inventory_movements, inventory, addresses, sessions, users`.execute(
    db,
  );
}
