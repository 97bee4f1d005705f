import { type Kysely, sql, type Transaction } from 'kysely';
import * as z from 'zod/mini';
import type { Order, StoredResponse } from '../../domain/orders/order.js';
import type {
  ExistingOrder,
  OrderStore,
  PaymentRecord,
  PendingOrder,
  PlaceResult,
} from '../../domain/orders/orders.ports.js';
import { newId } from '../../domain/shared/ids.js';
import { type Currency, money } from '../../domain/shared/money.js';
import type { Database } from './database.js';
import { type OrderRow as BaseOrderRow, isoOrNull, orderStatus, toOrder } from './order-rows.js';
import { jsonValue } from './sql-values.js';

class OutOfStock extends Error {
  constructor(readonly skus: string[]) {
    super('out of stock');
  }
}

const amount = z.pipe(
  z.union([z.number(), z.string(), z.bigint()]),
  z.transform((v) => Number(v)),
);
const storedResponse = z.nullable(z.object({ status: z.int(), body: z.unknown() }));
// Typed in SQL like JSON (sql-values.ts): a rate travels as its exact decimal string, never as a float.
const decimal = (value: string) => sql<string>`cast(${value} as numeric)`;
type OrderRow = BaseOrderRow & {
  carrier: string | null;
  tracking_number: string | null;
  shipped_at: Date | string | null;
  delivered_at: Date | string | null;
};

const bySku = <T extends { sku: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => (a.sku < b.sku ? -1 : 1));

/** Orders, their lines, payments, events, the stock ledger and the outbox, each change in one transaction. */
export class PostgresOrderStore implements OrderStore {
  constructor(private readonly db: Kysely<Database>) {}

  async placePending(order: PendingOrder): Promise<PlaceResult> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('orders')
          .values({
            id: order.orderId,
            user_id: order.userId,
            idempotency_key: order.idempotencyKey,
            request_hash: order.requestHash,
            status: 'PENDING',
            currency: order.total.currency,
            total_amount: order.total.amount,
            subtotal_amount: order.subtotal.amount,
            shipping_method: order.shipping.method,
            shipping_amount: order.shipping.amount.amount,
            tax_rate: decimal(order.tax.rate),
            tax_amount: order.tax.amount.amount,
            shipping_address: jsonValue(order.shippingAddress),
            payment_token: order.paymentToken,
            created_at: new Date(order.createdAt),
            updated_at: new Date(order.createdAt),
          })
          .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) {
          const existing = await this.existing(trx, order.userId, order.idempotencyKey);
          return { kind: 'existing', order: existing! } as const;
        }
        // SKU order: concurrent checkouts lock stock rows in the same order and cannot deadlock.
        const short: string[] = [];
        for (const line of bySku(order.lines)) {
          const taken = await trx
            .updateTable('inventory')
            .set((eb) => ({ on_hand: eb('on_hand', '-', line.quantity), updated_at: new Date() }))
            .where('sku', '=', line.sku)
            .where('on_hand', '>=', line.quantity)
            .executeTakeFirst();
          if (Number(taken.numUpdatedRows) === 0) short.push(line.sku);
        }
        if (short.length > 0) throw new OutOfStock(short);
        await trx
          .insertInto('inventory_movements')
          .values(
            order.lines.map((l) => ({
              sku: l.sku,
              delta: -l.quantity,
              reason: 'order_placed',
              order_id: order.orderId,
            })),
          )
          .execute();
        await trx
          .insertInto('order_lines')
          .values(
            order.lines.map((l) => ({
              order_id: order.orderId,
              sku: l.sku,
              product_id: l.productId,
              name: l.name,
              unit_amount: l.unitPrice.amount,
              quantity: l.quantity,
              category_id: l.categoryId ?? null,
            })),
          )
          .execute();
        await this.event(trx, order.orderId, 'PENDING', 'order placed, stock reserved');
        await this.publish(trx, 'stock.changed', { skus: order.lines.map((l) => l.sku) });
        return { kind: 'placed' } as const;
      });
    } catch (error) {
      if (error instanceof OutOfStock) return { kind: 'out_of_stock', skus: error.skus };
      throw error;
    }
  }

  confirm(orderId: string, payment: PaymentRecord, response: StoredResponse): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const order = await this.transition(trx, orderId, 'CONFIRMED', response);
      if (!order) return false;
      await trx
        .insertInto('payments')
        .values({
          id: newId('pay'),
          order_id: orderId,
          provider: payment.provider,
          provider_reference: payment.reference,
          amount: payment.amount.amount,
          currency: payment.amount.currency,
          status: 'AUTHORIZED',
        })
        .execute();
      await this.event(trx, orderId, 'CONFIRMED', `payment ${payment.reference} authorized`);
      await this.publish(trx, 'order.confirmed', { orderId, userId: order.user_id });
      return true;
    });
  }

  fail(orderId: string, reason: string, response: StoredResponse): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const order = await this.transition(trx, orderId, 'FAILED', response);
      if (!order) return false;
      const lines = await trx
        .selectFrom('order_lines')
        .select(['sku', 'quantity'])
        .where('order_id', '=', orderId)
        .execute();
      for (const line of bySku(lines)) {
        await trx
          .updateTable('inventory')
          .set((eb) => ({ on_hand: eb('on_hand', '+', line.quantity), updated_at: new Date() }))
          .where('sku', '=', line.sku)
          .execute();
      }
      if (lines.length > 0) {
        await trx
          .insertInto('inventory_movements')
          .values(
            lines.map((l) => ({ sku: l.sku, delta: l.quantity, reason: 'order_failed', order_id: orderId })),
          )
          .execute();
      }
      await this.event(trx, orderId, 'FAILED', reason);
      await this.publish(trx, 'stock.changed', { skus: lines.map((l) => l.sku) });
      return true;
    });
  }

  findExisting(userId: string, idempotencyKey: string): Promise<ExistingOrder | null> {
    return this.existing(this.db, userId, idempotencyKey);
  }

  async responseOf(orderId: string): Promise<StoredResponse | null> {
    const row = await this.db
      .selectFrom('orders')
      .select('response')
      .where('id', '=', orderId)
      .executeTakeFirst();
    return row ? storedResponse.parse(row.response) : null;
  }

  async findStalePending(olderThan: Date, limit: number) {
    const rows = await this.db
      .selectFrom('orders')
      .select(['id', 'user_id', 'payment_token', 'total_amount', 'currency'])
      .where('status', '=', 'PENDING')
      .where('created_at', '<', olderThan)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      orderId: r.id,
      userId: r.user_id,
      paymentToken: r.payment_token,
      total: money(amount.parse(r.total_amount), r.currency as Currency),
    }));
  }

  async listForUser(userId: string, limit: number): Promise<Order[]> {
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return this.withLines(rows);
  }

  async getForUser(userId: string, orderId: string): Promise<Order | null> {
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', orderId)
      .where('user_id', '=', userId)
      .execute();
    return (await this.withLines(rows))[0] ?? null;
  }

  private async withLines(rows: OrderRow[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [lines, refunds] = await Promise.all([
      this.db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).orderBy('sku').execute(),
      this.db
        .selectFrom('payments')
        .select(['order_id', sql<string>`sum(amount)`.as('refunded')])
        .where('order_id', 'in', ids)
        .where('kind', '=', 'refund')
        .where('status', '=', 'REFUNDED')
        .groupBy('order_id')
        .execute(),
    ]);
    // What happened after payment, only once something did: an order nobody shipped or refunded reads exactly as
    // its checkout answered it.
    return rows.map((row) => {
      const refunded = amount.parse(refunds.find((r) => r.order_id === row.id)?.refunded ?? 0);
      const shipped = row.shipped_at !== null || row.delivered_at !== null || row.carrier !== null;
      return {
        ...toOrder(
          row,
          lines.filter((l) => l.order_id === row.id),
        ),
        ...(refunded > 0 ? { refunded: money(refunded, row.currency as Currency) } : {}),
        ...(shipped
          ? {
              fulfilment: {
                carrier: row.carrier,
                trackingNumber: row.tracking_number,
                shippedAt: isoOrNull(row.shipped_at),
                deliveredAt: isoOrNull(row.delivered_at),
              },
            }
          : {}),
      };
    });
  }

  private async existing(
    db: Kysely<Database> | Transaction<Database>,
    userId: string,
    key: string,
  ): Promise<ExistingOrder | null> {
    const row = await db
      .selectFrom('orders')
      .select(['id', 'request_hash', 'status', 'response'])
      .where('user_id', '=', userId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!row) return null;
    return {
      orderId: row.id,
      requestHash: row.request_hash,
      status: orderStatus.parse(row.status),
      response: storedResponse.parse(row.response),
    };
  }

  private async transition(
    trx: Transaction<Database>,
    orderId: string,
    status: 'CONFIRMED' | 'FAILED',
    response: StoredResponse,
  ) {
    return trx
      .updateTable('orders')
      .set({ status, response: jsonValue(response), updated_at: new Date() })
      .where('id', '=', orderId)
      .where('status', '=', 'PENDING')
      .returning(['id', 'user_id'])
      .executeTakeFirst();
  }

  private async event(trx: Transaction<Database>, orderId: string, status: string, note: string) {
    await trx.insertInto('order_events').values({ order_id: orderId, status, note }).execute();
  }

  private async publish(trx: Transaction<Database>, topic: string, payload: unknown) {
    await trx
      .insertInto('outbox')
      .values({ topic, payload: jsonValue(payload) })
      .execute();
  }
}
