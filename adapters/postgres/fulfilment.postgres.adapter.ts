import type { Kysely, Transaction } from 'kysely';
import * as z from 'zod/mini';
import {
  checkRefund,
  checkRestock,
  nextStatus,
  refundable,
  type Transition,
  unreturned,
} from '../../domain/orders/fulfilment.js';
import type {
  AuditFor,
  FulfilmentStore,
  OpenRefund,
  OrderFilter,
  RefundRequest,
  ReserveResult,
  TransitionResult,
} from '../../domain/orders/fulfilment.ports.js';
import type { OrderStatus } from '../../domain/orders/order.js';
import type { RefundOutcome } from '../../domain/orders/orders.ports.js';
import { type Currency, type Money, money } from '../../domain/shared/money.js';
import { PostgresAuditLog } from './admin.postgres.adapter.js';
import type { Database } from './database.js';
import { findOrderRecord, listOrderSummaries, paymentRowsOf } from './order-records.postgres.js';
import { minorUnits, orderStatus } from './order-rows.js';
import { jsonValue } from './sql-values.js';

type Trx = Transaction<Database>;
type Units = { sku: string; quantity: number };

const restockLines = z.nullable(z.array(z.object({ sku: z.string(), quantity: z.int() })));
const bySku = <T extends { sku: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => (a.sku < b.sku ? -1 : 1));

/**
 * Orders after payment in PostgreSQL. Every write locks the order row first (SELECT ... FOR UPDATE), so concurrent
 * operators on one order run one after another and each sees what the previous one wrote; stock rows are then locked
 * in SKU order, as checkout does, so no two writers deadlock.
 */
export class PostgresFulfilmentStore implements FulfilmentStore {
  constructor(private readonly db: Kysely<Database>) {}

  find(orderId: string) {
    return findOrderRecord(this.db, orderId);
  }

  list(filter: OrderFilter, limit: number, cursor?: string) {
    return listOrderSummaries(this.db, filter, limit, cursor);
  }

  ship(orderId: string, shipment: { carrier: string; trackingNumber: string }, audit: AuditFor) {
    return this.move(orderId, 'ship', audit, async (trx, order) => {
      await trx
        .updateTable('orders')
        .set({ carrier: shipment.carrier, tracking_number: shipment.trackingNumber, shipped_at: new Date() })
        .where('id', '=', orderId)
        .execute();
      await publish(trx, 'order.shipped', { orderId, userId: order.user_id, ...shipment });
      return { data: shipment, refund: null };
    });
  }

  deliver(orderId: string, audit: AuditFor) {
    return this.move(orderId, 'deliver', audit, async (trx, order) => {
      await trx.updateTable('orders').set({ delivered_at: new Date() }).where('id', '=', orderId).execute();
      await publish(trx, 'order.delivered', { orderId, userId: order.user_id });
      return { data: {}, refund: null };
    });
  }

  cancel(orderId: string, request: { refundId: string; reason: string }, audit: AuditFor) {
    return this.move(orderId, 'cancel', audit, async (trx, order) => {
      const paid = await payments(trx, orderId);
      if (paid.pending) return 'refund_pending';
      const returned = unreturned(await lines(trx, orderId));
      await restock(trx, orderId, returned, 'order_cancelled');
      await trx
        .updateTable('order_lines')
        .set((eb) => ({ restocked_quantity: eb.ref('quantity') }))
        .where('order_id', '=', orderId)
        .execute();
      const left = refundable(order.status, paid.charged, paid.reserved);
      const refund: OpenRefund | null =
        left && left.amount > 0 ? { refundId: request.refundId, orderId, amount: left } : null;
      if (refund) await insertRefund(trx, refund, paid.provider, request.reason, []);
      await trx.updateTable('orders').set({ cancelled_at: new Date() }).where('id', '=', orderId).execute();
      await publish(trx, 'order.cancelled', { orderId, userId: order.user_id });
      return { data: { reason: request.reason, returned, refund: refund?.amount ?? null }, refund };
    });
  }

  reserveRefund(orderId: string, request: RefundRequest, audit: AuditFor): Promise<ReserveResult> {
    return this.db.transaction().execute(async (trx): Promise<ReserveResult> => {
      const order = await lock(trx, orderId);
      if (!order) return { kind: 'not_found' };
      const status = orderStatus.parse(order.status);
      const paid = await payments(trx, orderId);
      const left = refundable(status, paid.charged, paid.reserved);
      const check = checkRefund(status, left, request.amount);
      if (check.kind !== 'ok') return check;
      const restocked = checkRestock(await lines(trx, orderId), request.restock);
      if (restocked.kind !== 'ok')
        return { kind: 'restock', sku: restocked.sku, returnable: restocked.returnable };
      await addRestocked(trx, orderId, request.restock, +1);
      const refund = { refundId: request.refundId, orderId, amount: request.amount };
      await insertRefund(trx, refund, paid.provider, request.reason, request.restock);
      const data = { refundId: refund.refundId, amount: refund.amount, restock: request.restock };
      await event(trx, orderId, 'REFUND_REQUESTED', request.reason, data);
      await new PostgresAuditLog(trx).record(
        audit({
          before: { status, refundable: left },
          after: { status, refund: { ...data, status: 'PENDING' } },
        }),
      );
      return { kind: 'reserved', refund };
    });
  }

  settleRefund(refundId: string, outcome: RefundOutcome): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const owner = await trx
        .selectFrom('payments')
        .select('order_id')
        .where('id', '=', refundId)
        .executeTakeFirst();
      if (!owner) return false;
      const order = (await lock(trx, owner.order_id))!;
      const refund = await trx
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', refundId)
        .where('kind', '=', 'refund')
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (!refund) return false;
      const units = restockLines.parse(refund.restock) ?? [];
      const amount = money(minorUnits.parse(refund.amount), refund.currency as Currency);
      await trx
        .updateTable('payments')
        .set({
          status: outcome.status === 'refunded' ? 'REFUNDED' : 'FAILED',
          provider_reference: outcome.status === 'refunded' ? outcome.reference : null,
          settled_at: new Date(),
        })
        .where('id', '=', refundId)
        .execute();
      if (outcome.status === 'declined') {
        // Nothing went back to the card: the units it had reserved may be restocked by another refund.
        await addRestocked(trx, order.id, units, -1);
        await event(trx, order.id, 'REFUND_FAILED', outcome.reason, { refundId, amount });
        return true;
      }
      await restock(trx, order.id, units, 'refund_restock');
      await event(trx, order.id, 'REFUNDED', `refund ${outcome.reference}`, {
        refundId,
        amount,
        restock: units,
      });
      await publish(trx, 'order.refunded', { orderId: order.id, userId: order.user_id, refundId, amount });
      return true;
    });
  }

  async openRefunds(olderThan: Date, limit: number): Promise<OpenRefund[]> {
    const rows = await this.db
      .selectFrom('payments')
      .select(['id', 'order_id', 'amount', 'currency'])
      .where('kind', '=', 'refund')
      .where('status', '=', 'PENDING')
      .where('created_at', '<', olderThan)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      refundId: r.id,
      orderId: r.order_id,
      amount: money(minorUnits.parse(r.amount), r.currency as Currency),
    }));
  }

  /** One status transition under the order's lock, with its event and audit row, in one transaction. */
  private move(
    orderId: string,
    transition: Transition,
    audit: AuditFor,
    apply: (
      trx: Trx,
      order: { id: string; user_id: string; status: OrderStatus },
    ) => Promise<{ data: object; refund: OpenRefund | null } | 'refund_pending'>,
  ): Promise<TransitionResult> {
    return this.db.transaction().execute(async (trx): Promise<TransitionResult> => {
      const row = await lock(trx, orderId);
      if (!row) return { kind: 'not_found' };
      const status = orderStatus.parse(row.status);
      const next = nextStatus(status, transition);
      if (!next) return { kind: 'illegal', status };
      const applied = await apply(trx, { ...row, status });
      if (applied === 'refund_pending') return { kind: 'refund_pending' };
      await trx
        .updateTable('orders')
        .set({ status: next, updated_at: new Date() })
        .where('id', '=', orderId)
        .execute();
      const note = 'reason' in applied.data ? String(applied.data.reason) : `order ${next.toLowerCase()}`;
      await event(trx, orderId, next, note, applied.data);
      await new PostgresAuditLog(trx).record(
        audit({ before: { status }, after: { status: next, ...applied.data } }),
      );
      return { kind: 'done', refund: applied.refund };
    });
  }
}

const lock = (trx: Trx, orderId: string) =>
  trx
    .selectFrom('orders')
    .select(['id', 'user_id', 'status'])
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();

/** The charge and every refund that is on its way or went through (a failed one gave nothing back). */
async function payments(trx: Trx, orderId: string) {
  const rows = await paymentRowsOf(trx, orderId);
  const amountOf = (r: (typeof rows)[number]): Money =>
    money(minorUnits.parse(r.amount), r.currency as Currency);
  const charge = rows.find((r) => r.kind === 'charge');
  const refunds = rows.filter((r) => r.kind === 'refund' && r.status !== 'FAILED');
  return {
    charged: charge ? amountOf(charge) : null,
    provider: charge?.provider ?? 'unknown',
    reserved: refunds.map(amountOf),
    pending: refunds.some((r) => r.status === 'PENDING'),
  };
}

const lines = async (trx: Trx, orderId: string) =>
  (
    await trx
      .selectFrom('order_lines')
      .select(['sku', 'quantity', 'restocked_quantity'])
      .where('order_id', '=', orderId)
      .execute()
  ).map((l) => ({ sku: l.sku, quantity: l.quantity, restocked: l.restocked_quantity }));

async function addRestocked(trx: Trx, orderId: string, units: readonly Units[], sign: 1 | -1) {
  for (const unit of bySku(units))
    await trx
      .updateTable('order_lines')
      .set((eb) => ({ restocked_quantity: eb('restocked_quantity', '+', sign * unit.quantity) }))
      .where('order_id', '=', orderId)
      .where('sku', '=', unit.sku)
      .execute();
}

/** Units back on hand, each with its movement, and the availability change for the catalog (via the outbox). */
async function restock(trx: Trx, orderId: string, units: readonly Units[], reason: string) {
  if (units.length === 0) return;
  for (const unit of bySku(units))
    await trx
      .updateTable('inventory')
      .set((eb) => ({ on_hand: eb('on_hand', '+', unit.quantity), updated_at: new Date() }))
      .where('sku', '=', unit.sku)
      .execute();
  await trx
    .insertInto('inventory_movements')
    .values(units.map((u) => ({ sku: u.sku, delta: u.quantity, reason, order_id: orderId })))
    .execute();
  await publish(trx, 'stock.changed', { skus: units.map((u) => u.sku) });
}

const insertRefund = (
  trx: Trx,
  refund: OpenRefund,
  provider: string,
  reason: string,
  units: readonly Units[],
) =>
  trx
    .insertInto('payments')
    .values({
      id: refund.refundId,
      order_id: refund.orderId,
      kind: 'refund',
      provider,
      provider_reference: null,
      amount: refund.amount.amount,
      currency: refund.amount.currency,
      status: 'PENDING',
      reason,
      restock: jsonValue(units),
    })
    .execute();

const event = (trx: Trx, orderId: string, status: string, note: string, data: unknown) =>
  trx
    .insertInto('order_events')
    .values({ order_id: orderId, status, note, data: jsonValue(data) })
    .execute();

const publish = (trx: Trx, topic: string, payload: unknown) =>
  trx
    .insertInto('outbox')
    .values({ topic, payload: jsonValue(payload) })
    .execute();
