import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The PostgreSQL schema as Kysely sees it; migrations/ is where it is defined. */
export interface Database {
  /** Materialized view (migration 0004), refreshed by SalesRollup.refresh on the primary. */
  sales_daily: {
    day: ColumnType<Date | string, never, never>;
    currency: string;
    orders: ColumnType<string, never, never>;
    revenue: ColumnType<string, never, never>;
    customers: ColumnType<string, never, never>;
  };
  admin_users: {
    id: string;
    email: string;
    name: string;
    role: string;
    password_hash: string;
    totp_secret: string;
    last_totp_step: ColumnType<string | null, number | null | undefined, number | null>;
    created_at: Timestamp;
  };
  admin_sessions: {
    token_hash: string;
    admin_id: string;
    csrf_hash: string;
    created_at: Timestamp;
    expires_at: Timestamp;
  };
  audit_log: {
    id: string;
    admin_id: string;
    admin_email: string;
    action: string;
    target_type: string;
    target_id: string;
    before: unknown | null;
    after: unknown | null;
    reason: string | null;
    at: Timestamp;
  };
  users: {
    id: string;
    email: string;
    password_hash: string;
    name: string;
    created_at: Timestamp;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    created_at: Timestamp;
    expires_at: Timestamp;
  };
  addresses: {
    id: string;
    user_id: string;
    name: string;
    line1: string;
    line2: string | null;
    city: string;
    region: string | null;
    postal_code: string;
    country: string;
    created_at: Timestamp;
  };
  inventory: {
    sku: string;
    on_hand: number;
    updated_at: Timestamp;
  };
  inventory_movements: {
    id: Generated<string>;
    sku: string;
    delta: number;
    reason: string;
    order_id: string | null;
    created_at: Timestamp;
  };
  orders: {
    id: string;
    user_id: string;
    idempotency_key: string;
    request_hash: string;
    status: string;
    currency: string;
    total_amount: ColumnType<string, string | number, string | number>;
    subtotal_amount: ColumnType<string, string | number, string | number>;
    shipping_method: string;
    shipping_amount: ColumnType<string, string | number, string | number>;
    /** numeric(7,6): written from a decimal string cast in SQL, read back as text ("0.190000"). */
    tax_rate: ColumnType<string, unknown, unknown>;
    tax_amount: ColumnType<string, string | number, string | number>;
    shipping_address: unknown | null;
    payment_token: string;
    response: unknown | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    /** Fulfilment (migration 0007). */
    carrier: ColumnType<string | null, string | null | undefined, string | null>;
    tracking_number: ColumnType<string | null, string | null | undefined, string | null>;
    shipped_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    cancelled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
  order_lines: {
    order_id: string;
    sku: string;
    product_id: string;
    name: string;
    unit_amount: number;
    quantity: number;
    /** Units back in stock (refund restock or cancel), migration 0007. */
    restocked_quantity: ColumnType<number, number | undefined, number>;
    /** The product's category when it sold (migration 0008); null on lines sold before it was recorded. */
    category_id: ColumnType<string | null, string | null | undefined, string | null>;
  };
  payments: {
    id: string;
    order_id: string;
    provider: string;
    /** null while a refund waits for the gateway's answer. */
    provider_reference: ColumnType<string | null, string | null, string | null>;
    amount: ColumnType<string, string | number, string | number>;
    currency: string;
    status: string;
    created_at: Timestamp;
    /** Migration 0007: charges and refunds (PENDING until settled, then REFUNDED or FAILED). */
    kind: ColumnType<'charge' | 'refund', 'charge' | 'refund' | undefined, never>;
    reason: ColumnType<string | null, string | null | undefined, string | null>;
    /** A refund's restocked lines, [{sku, quantity}], applied when it settles. */
    restock: ColumnType<unknown | null, unknown | null | undefined, unknown | null>;
    settled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
  order_events: {
    id: Generated<string>;
    order_id: string;
    status: string;
    note: string;
    created_at: Timestamp;
    /** Migration 0007: the event's details. */
    data: ColumnType<unknown | null, unknown | null | undefined, unknown | null>;
  };
  /** Views and adds to cart the storefront reported (migration 0008): anonymous, append-only. */
  shopper_events: {
    type: 'product_view' | 'add_to_cart';
    product_id: string;
    session_id: string;
    at: Timestamp;
  };
  /** One row: when SalesRollup.refresh last ran. */
  rollup_refreshes: {
    only_row: ColumnType<boolean, boolean | undefined, boolean>;
    refreshed_at: Timestamp;
    duration_ms: number;
  };
  outbox: {
    id: Generated<string>;
    topic: string;
    payload: unknown;
    created_at: Timestamp;
    claimed_until: Timestamp | null;
    attempts: Generated<number>;
    processed_at: Timestamp | null;
  };
}
