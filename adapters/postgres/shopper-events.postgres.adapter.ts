import { type Kysely, sql } from 'kysely';
import type { ShopperEvent, ShopperEventLog } from '../../domain/analytics/shopper-events.js';
import type { Database } from './database.js';

/** Shopper events in PostgreSQL: one multi-row insert per batch (unnest: one parameter per column, any size). */
export class PostgresShopperEventLog implements ShopperEventLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(events: readonly ShopperEvent[]): Promise<void> {
    if (events.length === 0) return;
    await sql`INSERT INTO shopper_events (type, product_id, session_id, at)
      SELECT * FROM unnest(${events.map((e) => e.type)}::text[], ${events.map((e) => e.productId)}::text[],
                           ${events.map((e) => e.sessionId)}::text[],
                           ${events.map((e) => e.at.toISOString())}::timestamptz[])`.execute(this.db);
  }
}
