import { describe, expect, it } from 'vitest';
import type { PostgresHandle } from '../../adapters/postgres/connect.js';
import { PostgresInventory, PostgresOutbox } from '../../adapters/postgres/inventory.postgres.adapter.js';
import { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
import { PostgresUserRepository } from '../../adapters/postgres/users.postgres.adapter.js';
import type { PendingOrder } from '../../domain/orders/orders.ports.js';
import { priceOrder } from '../../domain/orders/pricing.js';
import { newId } from '../../domain/shared/ids.js';
import { money } from '../../domain/shared/money.js';

const line = (sku: string, quantity: number, unit = 1000) => ({
  sku,
  productId: 'prd_x',
  name: sku,
  unitPrice: money(unit, 'USD'),
  quantity,
  lineTotal: money(unit * quantity, 'USD'),
});

const BERLIN = {
  name: 'Grace Hopper',
  line1: 'Unter den Linden 1',
  line2: '3. OG',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
} as const;

/** An order's money as the checkout makes it: shipped express to Berlin, so shipping and 19% tax are not zero. */
const pricedFor = (lines: ReturnType<typeof line>[]) => {
  const price = priceOrder(
    money(
      lines.reduce((n, l) => n + l.lineTotal.amount, 0),
      'USD',
    ),
    'DE',
    'express',
  );
  return {
    subtotal: price.subtotal,
    shipping: { method: price.shipping.method, amount: price.shipping.amount },
    tax: price.tax,
    total: price.total,
    shippingAddress: BERLIN,
  };
};

/** The OrderStore and stock ledger, against every PostgreSQL it runs on. */
export function orderStoreContract(name: string, open: () => Promise<PostgresHandle>) {
  describe(`OrderStore contract: ${name}`, () => {
    const using =
      (
        test: (ctx: {
          store: PostgresOrderStore;
          inventory: PostgresInventory;
          outbox: PostgresOutbox;
          userId: string;
          handle: PostgresHandle;
        }) => Promise<void>,
      ) =>
      async () => {
        const handle = await open();
        try {
          const userId = newId('usr');
          await new PostgresUserRepository(handle.db).create(
            { id: userId, email: `${userId}@example.com`, name: 'T', createdAt: new Date().toISOString() },
            'x',
          );
          const inventory = new PostgresInventory(handle.db);
          await inventory.openStock([
            { sku: 'A', onHand: 5 },
            { sku: 'B', onHand: 1 },
          ]);
          await test({
            store: new PostgresOrderStore(handle.db),
            inventory,
            outbox: new PostgresOutbox(handle.db),
            userId,
            handle,
          });
        } finally {
          await handle.close();
        }
      };
    const pending = (
      userId: string,
      lines = [line('A', 2), line('B', 1)],
      key = newId('req'),
    ): PendingOrder => ({
      orderId: newId('ord'),
      userId,
      idempotencyKey: key,
      requestHash: 'h',
      paymentToken: 'tok_visa',
      ...pricedFor(lines),
      lines,
      createdAt: new Date().toISOString(),
    });

    it(
      'places an order PENDING and takes its stock, in one transaction',
      using(async ({ store, inventory, userId }) => {
        const order = pending(userId);
        expect(await store.placePending(order)).toEqual({ kind: 'placed' });
        expect(Object.fromEntries(await inventory.onHand(['A', 'B']))).toEqual({ A: 3, B: 0 });
        expect((await store.getForUser(userId, order.orderId))!).toMatchObject({
          status: 'PENDING',
          subtotal: { amount: 3000, currency: 'USD' },
        });
      }),
    );

    it(
      'keeps what the order cost (subtotal, shipping, tax rate and amount, total) and the address, as placed',
      using(async ({ store, userId }) => {
        const order = pending(userId);
        await store.placePending(order);
        const stored = (await store.getForUser(userId, order.orderId))!;
        // 3000 + 2999 express to Europe, 19% of 5999 = 1139.81 -> 1140: total 7139.
        expect(stored).toMatchObject({
          subtotal: { amount: 3000, currency: 'USD' },
          shipping: { method: 'express', amount: { amount: 2999, currency: 'USD' } },
          tax: { rate: '0.19', amount: { amount: 1140, currency: 'USD' } },
          total: { amount: 7139, currency: 'USD' },
        });
        expect(stored.shippingAddress).toEqual(BERLIN);
        expect((await store.listForUser(userId, 10))[0]).toEqual(stored);
      }),
    );

    it(
      'refuses an order whose total is not subtotal + shipping + tax, and takes no stock for it',
      using(async ({ store, inventory, userId }) => {
        const order = pending(userId);
        await expect(
          store.placePending({ ...order, total: money(order.total.amount + 1, 'USD') }),
        ).rejects.toThrow();
        expect(Object.fromEntries(await inventory.onHand(['A', 'B']))).toEqual({ A: 5, B: 1 });
        expect(await store.getForUser(userId, order.orderId)).toBeNull();
      }),
    );

    it(
      'takes nothing when any line is short, and names the short SKUs',
      using(async ({ store, inventory, userId }) => {
        const order = pending(userId, [line('A', 2), line('B', 2), line('Z', 1)]);
        expect(await store.placePending(order)).toEqual({ kind: 'out_of_stock', skus: ['B', 'Z'] });
        expect(Object.fromEntries(await inventory.onHand(['A', 'B']))).toEqual({ A: 5, B: 1 });
        expect(await store.getForUser(userId, order.orderId)).toBeNull();
      }),
    );

    it(
      'returns the existing order for a repeated idempotency key',
      using(async ({ store, userId }) => {
        const first = pending(userId, [line('A', 1)], 'key-1');
        await store.placePending(first);
        const again = await store.placePending({ ...pending(userId, [line('A', 1)], 'key-1') });
        expect(again).toMatchObject({
          kind: 'existing',
          order: { orderId: first.orderId, status: 'PENDING', response: null },
        });
      }),
    );

    it(
      'confirms once, records the payment and publishes; a second settle is refused',
      using(async ({ store, outbox, userId, handle }) => {
        const order = pending(userId);
        await store.placePending(order);
        const response = { status: 201, body: { id: order.orderId } };
        expect(
          await store.confirm(
            order.orderId,
            { provider: 't', reference: 'auth_1', amount: order.total },
            response,
          ),
        ).toBe(true);
        expect(
          await store.confirm(
            order.orderId,
            { provider: 't', reference: 'auth_2', amount: order.total },
            response,
          ),
        ).toBe(false);
        expect(await store.fail(order.orderId, 'late', { status: 402, body: {} })).toBe(false);
        expect(await store.responseOf(order.orderId)).toEqual(response);
        const payments = await handle.db
          .selectFrom('payments')
          .selectAll()
          .where('order_id', '=', order.orderId)
          .execute();
        expect(payments).toHaveLength(1);
        const topics = (await outbox.claim(10, 30)).map((m) => m.topic);
        expect(topics).toEqual(['stock.changed', 'order.confirmed']);
      }),
    );

    it(
      'fails an order and returns its stock, with movements that sum to the stock on hand',
      using(async ({ store, inventory, userId, handle }) => {
        const order = pending(userId);
        await store.placePending(order);
        expect(await store.fail(order.orderId, 'declined', { status: 402, body: {} })).toBe(true);
        expect(Object.fromEntries(await inventory.onHand(['A', 'B']))).toEqual({ A: 5, B: 1 });
        const sums = await handle.db
          .selectFrom('inventory_movements')
          .select(['sku'])
          .select((eb) => eb.fn.sum<string>('delta').as('total'))
          .groupBy('sku')
          .orderBy('sku')
          .execute();
        expect(sums.map((s) => [s.sku, Number(s.total)])).toEqual([
          ['A', 5],
          ['B', 1],
        ]);
      }),
    );

    it(
      "hides another user's order exactly like a missing one",
      using(async ({ store, userId, handle }) => {
        const order = pending(userId);
        await store.placePending(order);
        const other = newId('usr');
        await new PostgresUserRepository(handle.db).create(
          { id: other, email: `${other}@example.com`, name: 'O', createdAt: new Date().toISOString() },
          'x',
        );
        expect(await store.getForUser(other, order.orderId)).toBeNull();
        expect(await store.listForUser(other, 10)).toEqual([]);
        expect((await store.listForUser(userId, 10)).map((o) => o.id)).toEqual([order.orderId]);
      }),
    );

    it(
      'leases each outbox message to one relay at a time',
      using(async ({ store, outbox, userId }) => {
        await store.placePending(pending(userId, [line('A', 1)]));
        const [first, second] = await Promise.all([outbox.claim(10, 30), outbox.claim(10, 30)]);
        expect(first.length + second.length).toBe(1);
        await outbox.done([...first, ...second].map((m) => m.id));
        expect(await outbox.pending()).toBe(0);
      }),
    );
  });
}
