import { type Kysely, sql } from 'kysely';
import type { SavedAddress } from '../../domain/orders/address-book.js';
import { CHARGED_STATUSES } from '../../domain/orders/fulfilment.js';
import type { OrderSummary } from '../../domain/orders/fulfilment.ports.js';
import { type Currency, type Money, money } from '../../domain/shared/money.js';
import { PostgresAddressBook } from './addresses.postgres.adapter.js';
import type { Database } from './database.js';
import { afterCursor, pageOf } from './keyset-page.js';
import { listOrderSummaries } from './order-records.postgres.js';
import { iso, minorUnits } from './order-rows.js';

export interface Customer {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface CustomerSummary extends Customer {
  orders: number;
  /** Charged minus refunded (a cancel's refund is subtracted like any); null when never charged. */
  spent: Money | null;
}

/** LIKE treats % _ and \ as patterns: a customer typing them means the characters. */
const likePrefix = (q: string) => `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Shoppers as the admin looks them up: newest first, or by email or name prefix, with their orders per page. */
export class PostgresCustomers {
  constructor(private readonly db: Kysely<Database>) {}

  /** The user id behind an email or a usr_ id; null when there is none. */
  async resolve(emailOrId: string): Promise<string | null> {
    const value = emailOrId.trim();
    const query = this.db.selectFrom('users').select('id');
    const row = await (value.startsWith('usr_')
      ? query.where('id', '=', value)
      : query.where('email', '=', value.toLowerCase())
    ).executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * Keyset-paged on (created_at, id) over users_created; a prefix of the email or the name narrows it through the
   * lower(...) pattern indexes. Order counts and spending are aggregated for the page's customers only.
   */
  async search(q: string | undefined, limit: number, cursor?: string) {
    let page = this.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (q) {
      const pattern = likePrefix(q);
      page = page.where((eb) =>
        eb.or([eb(sql`lower(email)`, 'like', pattern), eb(sql`lower(name)`, 'like', pattern)]),
      );
    }
    if (cursor) page = page.where(afterCursor('users', cursor));
    const { shown, nextCursor } = pageOf(await page.execute(), limit);
    const totals = await this.totals(shown.map((r) => r.id));
    const items: CustomerSummary[] = shown.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      createdAt: iso(r.created_at),
      orders: totals.get(r.id)?.orders ?? 0,
      spent: totals.get(r.id)?.spent ?? null,
    }));
    return { items, nextCursor };
  }

  async find(
    userId: string,
  ): Promise<{ customer: Customer; orders: OrderSummary[]; addresses: SavedAddress[] } | null> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'created_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!row) return null;
    const [orders, addresses] = await Promise.all([
      listOrderSummaries(this.db, { userId }, 20),
      new PostgresAddressBook(this.db).list(userId),
    ]);
    return {
      customer: { id: row.id, email: row.email, name: row.name, createdAt: iso(row.created_at) },
      orders: orders.items,
      addresses,
    };
  }

  /** Orders and net spending of these customers (each one's orders through orders_user_created). */
  private async totals(userIds: string[]) {
    const totals = new Map<string, { orders: number; spent: Money | null }>();
    if (userIds.length === 0) return totals;
    const [orders, refunds] = await Promise.all([
      this.db
        .selectFrom('orders')
        .select([
          'user_id',
          'currency',
          sql<string>`count(*)`.as('orders'),
          sql<
            string | null
          >`sum(total_amount) filter (where status in (${sql.join([...CHARGED_STATUSES])}))`.as('paid'),
        ])
        .where('user_id', 'in', userIds)
        .groupBy(['user_id', 'currency'])
        .execute(),
      this.db
        .selectFrom('payments as p')
        .innerJoin('orders as o', 'o.id', 'p.order_id')
        .select(['o.user_id', 'p.currency', sql<string>`sum(p.amount)`.as('refunded')])
        .where('o.user_id', 'in', userIds)
        .where('p.kind', '=', 'refund')
        .where('p.status', '=', 'REFUNDED')
        .groupBy(['o.user_id', 'p.currency'])
        .execute(),
    ]);
    for (const row of orders) {
      const known = totals.get(row.user_id);
      const count = (known?.orders ?? 0) + Number(row.orders);
      const refunded = refunds.find((r) => r.user_id === row.user_id && r.currency === row.currency);
      // One currency per customer in practice; with several, the first one paid in is shown.
      const spent =
        known?.spent ??
        (row.paid === null
          ? null
          : money(
              minorUnits.parse(row.paid) - (refunded ? minorUnits.parse(refunded.refunded) : 0),
              row.currency as Currency,
            ));
      totals.set(row.user_id, { orders: count, spent });
    }
    return totals;
  }
}
