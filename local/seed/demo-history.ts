import { type Kysely, sql } from 'kysely';
import type { Database } from '../../adapters/postgres/database.js';
import { priceOrder } from '../../domain/orders/pricing.js';
import { SHIPPING_COUNTRIES, SHIPPING_METHODS } from '../../domain/orders/shipping.js';
import { newId } from '../../domain/shared/ids.js';
import { money } from '../../domain/shared/money.js';
import { demoProducts, seededRandom } from './demo-catalog.js';
import { DemoEvents } from './demo-events.js';

export interface HistoryOptions {
  orders: number;
  /** Orders spread over this many days up to now. */
  days: number;
  /** Products of the demo catalog the orders buy from (its first N, as the seed makes them). */
  products: number;
  seed?: number;
  onProgress?: (orders: number) => void;
}

/** Rows per statement: one array parameter per column (unnest), so the batch size is not bound by parameters. */
const BATCH = 5_000;
const DAY_MS = 86_400_000;
/** Argon2id of nothing anyone knows: demo customers exist for reports, nobody can log in as one. */
const NO_LOGIN_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$ZGVtby1oaXN0b3J5$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

interface Item {
  sku: string;
  productId: string;
  categoryId: string;
  name: string;
  unit: number;
}

/**
 * A believable sales history for the admin's analytics: customers (a fifth of them return often), confirmed orders
 * (a few failed) growing over `days` with a weekly rhythm, 1-3 lines from a long-tailed product mix, priced by the
 * shop's own shipping and tax rules, each line with its product's category, each order with its payment and events,
 * and the storefront's view and add-to-cart events around them (the funnel). Stock and carts are untouched.
 */
export async function generateHistory(db: Kysely<Database>, options: HistoryOptions): Promise<void> {
  const random = seededRandom(options.seed ?? 7);
  const items: Item[] = [];
  for (const product of demoProducts(options.products)) {
    const variant = product.variants[0]!;
    items.push({
      sku: variant.sku,
      productId: product.id,
      categoryId: product.categoryId,
      name: product.name,
      unit: variant.price.amount,
    });
  }
  const customers = Math.max(1, Math.round(options.orders / 4));
  const now = Date.now();
  const start = now - options.days * DAY_MS;

  const customerIds: string[] = [];
  for (let first = 0; first < customers; first += BATCH) {
    const ids: string[] = [];
    const emails: string[] = [];
    const names: string[] = [];
    const created: string[] = [];
    for (let i = first; i < Math.min(customers, first + BATCH); i++) {
      const at = Math.floor(start + random() * (now - start) * 0.8);
      const id = newId('usr', at, random);
      ids.push(id);
      emails.push(`customer${i + 1}.${id.slice(-6).toLowerCase()}@demo.shop.local`);
      names.push(`Demo Customer ${i + 1}`);
      created.push(new Date(at).toISOString());
    }
    customerIds.push(...ids);
    await sql`INSERT INTO users (id, email, password_hash, name, created_at)
      SELECT id, email, ${NO_LOGIN_HASH}, name, created::timestamptz
        FROM unnest(${ids}::text[], ${emails}::text[], ${names}::text[], ${created}::text[]) AS t(id, email, name, created)
      ON CONFLICT (email) DO NOTHING`.execute(db);
  }

  /** Popular products sell far more than the tail (rank^-1.1), as shops' sales do. */
  const pickItem = () => items[Math.min(items.length - 1, Math.floor(items.length * random() ** 2.2))]!;
  /** A fifth of the customers place most orders. */
  const pickCustomer = () =>
    customerIds[
      random() < 0.6
        ? Math.floor(random() * customerIds.length * 0.2)
        : Math.floor(random() * customerIds.length)
    ]!;
  /** More orders lately (growth) and on weekends. */
  const pickTime = () => {
    for (;;) {
      const at = Math.floor(start + random() * (now - start));
      const growth = 0.5 + (at - start) / (now - start);
      const weekday = new Date(at).getUTCDay();
      const weekly = weekday === 0 || weekday === 6 ? 1.3 : 1;
      if (random() * 1.95 < growth * weekly) return at;
    }
  };

  let done = 0;
  while (done < options.orders) {
    const size = Math.min(BATCH, options.orders - done);
    const o = {
      id: [] as string[],
      user: [] as string[],
      key: [] as string[],
      status: [] as string[],
      subtotal: [] as number[],
      method: [] as string[],
      shipping: [] as number[],
      rate: [] as string[],
      tax: [] as number[],
      total: [] as number[],
      address: [] as string[],
      at: [] as string[],
    };
    const l = {
      order: [] as string[],
      sku: [] as string[],
      product: [] as string[],
      name: [] as string[],
      category: [] as string[],
      unit: [] as number[],
      quantity: [] as number[],
    };
    const events = new DemoEvents(random, () => pickItem().productId);
    const pay = { id: [] as string[], order: [] as string[], amount: [] as number[], at: [] as string[] };
    for (let n = 0; n < size; n++) {
      const at = pickTime();
      const id = newId('ord', at, random);
      const lines = new Map<string, { item: Item; quantity: number }>();
      const count = 1 + Math.floor(random() ** 2 * 3);
      for (let i = 0; i < count; i++) {
        const item = pickItem();
        const line = lines.get(item.sku);
        if (line) line.quantity = Math.min(99, line.quantity + 1);
        else lines.set(item.sku, { item, quantity: 1 + Math.floor(random() ** 3 * 2) });
      }
      let subtotal = 0;
      for (const { item, quantity } of lines.values()) {
        subtotal += item.unit * quantity;
        l.order.push(id);
        l.sku.push(item.sku);
        l.product.push(item.productId);
        l.name.push(item.name);
        l.category.push(item.categoryId);
        l.unit.push(item.unit);
        l.quantity.push(quantity);
      }
      const country =
        random() < 0.6 ? 'US' : SHIPPING_COUNTRIES[Math.floor(random() * SHIPPING_COUNTRIES.length)]!;
      const method = random() < 0.8 ? SHIPPING_METHODS[0] : SHIPPING_METHODS[1];
      const price = priceOrder(money(subtotal, 'USD'), country, method);
      events.buyer(
        [...lines.values()].map((line) => line.item.productId),
        at,
      );
      events.browser(pickTime());
      const status = random() < 0.97 ? 'CONFIRMED' : 'FAILED';
      o.id.push(id);
      o.user.push(pickCustomer());
      o.key.push(`history-${id}`);
      o.status.push(status);
      o.subtotal.push(subtotal);
      o.method.push(method);
      o.shipping.push(price.shipping.amount.amount);
      o.rate.push(price.tax.rate);
      o.tax.push(price.tax.amount.amount);
      o.total.push(price.total.amount);
      o.address.push(
        JSON.stringify({
          name: 'Demo Customer',
          line1: '1 Demo Street',
          city: 'Demo City',
          postalCode: '12345',
          country,
        }),
      );
      o.at.push(new Date(at).toISOString());
      if (status === 'CONFIRMED') {
        pay.id.push(newId('pay', at, random));
        pay.order.push(id);
        pay.amount.push(price.total.amount);
        pay.at.push(new Date(at).toISOString());
      }
    }
    await db.transaction().execute(async (trx) => {
      await sql`INSERT INTO orders (id, user_id, idempotency_key, request_hash, status, currency, total_amount,
          subtotal_amount, shipping_method, shipping_amount, tax_rate, tax_amount, shipping_address, payment_token,
          created_at, updated_at)
        SELECT id, user_id, key, 'history', status, 'USD', total, subtotal, method, shipping, rate::numeric, tax,
               address::json, 'tok_visa', at::timestamptz, at::timestamptz
          FROM unnest(${o.id}::text[], ${o.user}::text[], ${o.key}::text[], ${o.status}::text[], ${o.total}::bigint[],
                      ${o.subtotal}::bigint[], ${o.method}::text[], ${o.shipping}::bigint[], ${o.rate}::text[],
                      ${o.tax}::bigint[], ${o.address}::text[], ${o.at}::text[])
            AS t(id, user_id, key, status, total, subtotal, method, shipping, rate, tax, address, at)`.execute(
        trx,
      );
      await sql`INSERT INTO order_lines (order_id, sku, product_id, name, unit_amount, quantity, category_id)
        SELECT * FROM unnest(${l.order}::text[], ${l.sku}::text[], ${l.product}::text[], ${l.name}::text[],
                             ${l.unit}::integer[], ${l.quantity}::integer[], ${l.category}::text[])`.execute(
        trx,
      );
      await events.insert(trx);
      await sql`INSERT INTO payments (id, order_id, provider, provider_reference, amount, currency, status, created_at)
        SELECT id, order_id, 'history', 'auth_' || order_id, amount, 'USD', 'AUTHORIZED', at::timestamptz
          FROM unnest(${pay.id}::text[], ${pay.order}::text[], ${pay.amount}::bigint[], ${pay.at}::text[])
            AS t(id, order_id, amount, at)`.execute(trx);
      await sql`INSERT INTO order_events (order_id, status, note, created_at)
        SELECT id, status, 'demo history', at::timestamptz
          FROM unnest(${o.id}::text[], ${o.status}::text[], ${o.at}::text[]) AS t(id, status, at)`.execute(
        trx,
      );
    });
    done += size;
    options.onProgress?.(size);
  }
  await sql`ANALYZE orders`.execute(db);
  await sql`ANALYZE order_lines`.execute(db);
  await sql`ANALYZE shopper_events`.execute(db);
}
