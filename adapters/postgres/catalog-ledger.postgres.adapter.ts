import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditEntry } from '../../domain/admin/admin.js';
import type {
  CatalogLedger,
  CatalogWriteOutcome,
  StockAdjustmentOutcome,
} from '../../domain/catalog/catalog-admin.ports.js';
import { PostgresAuditLog } from './admin.postgres.adapter.js';
import type { Database } from './database.js';
import { PostgresInventory } from './inventory.postgres.adapter.js';
import { jsonValue } from './sql-values.js';

/** Thrown inside the transaction to roll it back and report the SKUs another product holds. */
class SkusTaken extends Error {
  constructor(readonly skus: string[]) {
    super('skus taken');
  }
}

/** The stock ledger (inventory + inventory_movements) for the admin's catalog writes and stock adjustments. */
export class PostgresCatalogLedger implements CatalogLedger {
  private readonly inventory;

  constructor(private readonly db: Kysely<Database>) {
    this.inventory = new PostgresInventory(db);
  }

  onHand(skus: readonly string[]): Promise<Map<string, number>> {
    return this.inventory.onHand(skus);
  }

  async catalogWrite<T>(
    openingStock: readonly { sku: string; onHand: number }[],
    write: () => Promise<{ value: T; audit: AuditEntry }>,
    lockKey?: string,
  ): Promise<CatalogWriteOutcome<T>> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (lockKey) await sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`.execute(trx);
        await this.open(trx, openingStock);
        const { value, audit } = await write();
        await new PostgresAuditLog(trx).record(audit);
        return { kind: 'written', value } as const;
      });
    } catch (error) {
      if (error instanceof SkusTaken) return { kind: 'sku_taken', skus: error.skus };
      throw error;
    }
  }

  async adjust(
    sku: string,
    delta: number,
    audit: (before: number, after: number) => AuditEntry,
  ): Promise<StockAdjustmentOutcome> {
    return this.db.transaction().execute(async (trx) => {
      // One conditional statement: concurrent adjustments queue on the row and each sees the last one's count.
      const moved = await trx
        .updateTable('inventory')
        .set((eb) => ({ on_hand: eb('on_hand', '+', delta), updated_at: new Date() }))
        .where('sku', '=', sku)
        .where((eb) => eb(eb('on_hand', '+', delta), '>=', 0))
        .returning('on_hand')
        .executeTakeFirst();
      if (!moved) {
        const row = await trx
          .selectFrom('inventory')
          .select('on_hand')
          .where('sku', '=', sku)
          .executeTakeFirst();
        return row ? { kind: 'below_zero', units: row.on_hand } : { kind: 'unknown_sku' };
      }
      await trx
        .insertInto('inventory_movements')
        .values({ sku, delta, reason: 'adjustment', order_id: null })
        .execute();
      await trx
        .insertInto('outbox')
        .values({ topic: 'stock.changed', payload: jsonValue({ skus: [sku] }) })
        .execute();
      await new PostgresAuditLog(trx).record(audit(moved.on_hand - delta, moved.on_hand));
      return { kind: 'adjusted', units: moved.on_hand };
    });
  }

  private async open(trx: Transaction<Database>, entries: readonly { sku: string; onHand: number }[]) {
    if (entries.length === 0) return;
    // A SKU is unique across the catalog: the ledger's primary key is where two writers claiming one meet.
    const added = await trx
      .insertInto('inventory')
      .values(entries.map((e) => ({ sku: e.sku, on_hand: e.onHand })))
      .onConflict((oc) => oc.column('sku').doNothing())
      .returning('sku')
      .execute();
    if (added.length < entries.length) {
      const claimed = new Set(added.map((row) => row.sku));
      throw new SkusTaken(entries.map((e) => e.sku).filter((sku) => !claimed.has(sku)));
    }
    await trx
      .insertInto('inventory_movements')
      .values(entries.map((e) => ({ sku: e.sku, delta: e.onHand, reason: 'opening_stock', order_id: null })))
      .execute();
  }
}
