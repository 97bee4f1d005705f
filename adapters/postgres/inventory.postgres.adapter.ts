import { type Kysely, sql } from 'kysely';
import type { InventoryLedger } from '../../domain/orders/inventory.port.js';
import type { OutboxMessage, OutboxSource } from '../../domain/orders/outbox-relay.js';
import type { Database } from './database.js';

export class PostgresInventory implements InventoryLedger {
  constructor(private readonly db: Kysely<Database>) {}

  /** Opening stock for SKUs the ledger does not know yet; known SKUs keep their count. */
  async openStock(entries: readonly { sku: string; onHand: number }[]): Promise<number> {
    if (entries.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      const added = await trx
        .insertInto('inventory')
        .values(entries.map((e) => ({ sku: e.sku, on_hand: e.onHand })))
        .onConflict((oc) => oc.column('sku').doNothing())
        .returning(['sku', 'on_hand'])
        .execute();
      if (added.length > 0) {
        await trx
          .insertInto('inventory_movements')
          .values(
            added.map((row) => ({
              sku: row.sku,
              delta: row.on_hand,
              reason: 'opening_stock',
              order_id: null,
            })),
          )
          .execute();
      }
      return added.length;
    });
  }

  async onHand(skus: readonly string[]): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('inventory')
      .select(['sku', 'on_hand'])
      .where('sku', 'in', [...skus])
      .execute();
    return new Map(rows.map((r) => [r.sku, r.on_hand]));
  }
}

export class PostgresOutbox implements OutboxSource {
  constructor(private readonly db: Kysely<Database>) {}

  /** Leases up to `limit` messages in one statement (SKIP LOCKED), so several relays never take the same one. */
  async claim(limit: number, leaseSeconds: number): Promise<OutboxMessage[]> {
    const { rows } = await sql<{ id: string; topic: string; payload: unknown }>`
      UPDATE outbox SET claimed_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox
        WHERE processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id, topic, payload`.execute(this.db);
    return rows
      .map((r) => ({
        id: String(r.id),
        topic: r.topic,
        payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  async done(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('outbox')
      .set({ processed_at: new Date() })
      // The ids are text and the column bigint: cast in SQL, as the RDS Data API binds a string as varchar.
      .where(
        'id',
        'in',
        ids.map((id) => sql<string>`cast(${id} as bigint)`),
      )
      .execute();
  }

  async pending(): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('processed_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
