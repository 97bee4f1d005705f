import { type Kysely, sql } from 'kysely';
import type {
  OrderFilter,
  OrderRecord,
  OrderSummary,
  PaymentEntry,
} from '../../domain/orders/fulfilment.ports.js';
import { type Currency, money } from '../../domain/shared/money.js';
import type { Database } from './database.js';
import { afterCursor, pageOf } from './keyset-page.js';
import { iso, isoOrNull, minorUnits, orderStatus, toOrder } from './order-rows.js';

const DAY_MS = 86_400_000;
const startOfDay = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** Refunds that went through, per order: what the customer got back. */
const refundedOf = (db: Kysely<Database>, orderIds: string[]) =>
  db
    .selectFrom('payments')
    .select(['order_id', sql<string>`sum(amount)`.as('refunded')])
    .where('order_id', 'in', orderIds)
    .where('kind', '=', 'refund')
    .where('status', '=', 'REFUNDED')
    .groupBy('order_id')
    .execute()
    .then((rows) => new Map(rows.map((r) => [r.order_id, minorUnits.parse(r.refunded)])));

/**
 * An order's payments: its charge and its refunds, each arm through its partial index (payments_one_charge,
 * payments_refunds); a plain `order_id =` matches neither index predicate and scans every payment.
 */
export const paymentRowsOf = (db: Kysely<Database>, orderId: string) =>
  db
    .selectFrom('payments')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', 'charge'), eb('order_id', '=', orderId)]),
        eb.and([eb('kind', '=', 'refund'), eb('order_id', '=', orderId)]),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** One order with its customer, lines, events and payments, as the admin's detail screen shows it. */
export async function findOrderRecord(db: Kysely<Database>, orderId: string): Promise<OrderRecord | null> {
  const row = await db
    .selectFrom('orders as o')
    .innerJoin('users as u', 'u.id', 'o.user_id')
    .selectAll('o')
    .select(['u.email', 'u.name'])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!row) return null;
  const [lines, payments, events] = await Promise.all([
    db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('sku').execute(),
    paymentRowsOf(db, orderId),
    db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute(),
  ]);
  const currency = row.currency as Currency;
  const entries: PaymentEntry[] = payments.map((p) => ({
    kind: p.kind,
    provider: p.provider,
    reference: p.provider_reference,
    amount: money(minorUnits.parse(p.amount), p.currency as Currency),
    status: p.status,
    at: iso(p.created_at),
  }));
  const refunded = entries
    .filter((p) => p.kind === 'refund' && p.status === 'REFUNDED')
    .reduce((n, p) => n + p.amount.amount, 0);
  const charge = entries.find((p) => p.kind === 'charge');
  return {
    order: {
      ...toOrder(row, lines),
      refunded: money(refunded, currency),
      fulfilment: {
        carrier: row.carrier,
        trackingNumber: row.tracking_number,
        shippedAt: isoOrNull(row.shipped_at),
        deliveredAt: isoOrNull(row.delivered_at),
      },
    },
    customer: { id: row.user_id, email: row.email, name: row.name },
    events: events.map((e) => ({
      type: e.status,
      at: iso(e.created_at),
      data: { note: e.note, ...(e.data as object | null) },
    })),
    payments: entries,
    charged: charge ? charge.amount : null,
    refundPending: entries.some((p) => p.kind === 'refund' && p.status === 'PENDING'),
  };
}

/**
 * Newest first, keyset-paged on (created_at, id): orders_created serves no filter and date ranges,
 * orders_status_created a status, orders_user_created a customer. Only the page's rows are then joined with their
 * customer, line count and refunds, so a page costs the same at 1,000,000 orders as at 100.
 */
export async function listOrderSummaries(
  db: Kysely<Database>,
  filter: OrderFilter,
  limit: number,
  cursor?: string,
): Promise<{ items: OrderSummary[]; nextCursor: string | null }> {
  let page = db
    .selectFrom('orders')
    .select(['id', 'status', 'currency', 'total_amount', 'user_id', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.status) page = page.where('status', '=', filter.status);
  if (filter.userId) page = page.where('user_id', '=', filter.userId);
  if (filter.from) page = page.where('created_at', '>=', startOfDay(filter.from));
  if (filter.to) page = page.where('created_at', '<', new Date(startOfDay(filter.to).getTime() + DAY_MS));
  if (cursor) page = page.where(afterCursor('orders', cursor));
  const { shown, nextCursor } = pageOf(await page.execute(), limit);
  if (shown.length === 0) return { items: [], nextCursor: null };
  const ids = shown.map((r) => r.id);
  const [customers, lineCounts, refunded] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', 'in', [...new Set(shown.map((r) => r.user_id))])
      .execute()
      .then((users) => new Map(users.map((u) => [u.id, u.email]))),
    db
      .selectFrom('order_lines')
      .select(['order_id', sql<string>`count(*)`.as('lines')])
      .where('order_id', 'in', ids)
      .groupBy('order_id')
      .execute()
      .then((counts) => new Map(counts.map((c) => [c.order_id, Number(c.lines)]))),
    refundedOf(db, ids),
  ]);
  const items = shown.map((r) => {
    const currency = r.currency as Currency;
    return {
      id: r.id,
      status: orderStatus.parse(r.status),
      total: money(minorUnits.parse(r.total_amount), currency),
      refunded: money(refunded.get(r.id) ?? 0, currency),
      customer: { id: r.user_id, email: customers.get(r.user_id) ?? '' },
      lineCount: lineCounts.get(r.id) ?? 0,
      createdAt: iso(r.created_at),
    };
  });
  return { items, nextCursor };
}
