import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElectroDbCartRepository } from '../../adapters/dynamodb/carts.electrodb.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { TestCardGateway } from '../../adapters/payments/test-card.gateway.js';
import type { PostgresHandle } from '../../adapters/postgres/connect.js';
import { PostgresInventory } from '../../adapters/postgres/inventory.postgres.adapter.js';
import { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
import { PostgresUserRepository } from '../../adapters/postgres/users.postgres.adapter.js';
import { CartService } from '../../domain/cart/cart.service.js';
import { CheckoutService } from '../../domain/orders/checkout.service.js';
import { newId } from '../../domain/shared/ids.js';
import { money } from '../../domain/shared/money.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { type DynamoFixture, startDynalite } from '../support/dynalite.js';
import { freshDatabase } from '../support/postgres.js';
import { describeWithService } from '../support/real-services.js';
import { SHIP_STANDARD, TEST_ADDRESS } from '../support/shipping.js';

function checkoutSuite(
  name: string,
  openDatabase: () => Promise<PostgresHandle & { url?: string }>,
  buyers: number,
  stock: number,
) {
  describe(`checkout on ${name}`, () => {
    let dynamo: DynamoFixture;
    let postgres: PostgresHandle & { url?: string };
    let gateway: TestCardGateway;
    let carts: CartService;
    let checkout: CheckoutService;
    let inventory: PostgresInventory;
    const product = { ...[...demoProducts(1, 77)][0]!, status: 'active' as const };
    const sku = product.variants[0]!.sku;
    const other = product.variants[1]?.sku ?? sku;

    beforeAll(async () => {
      dynamo = await startDynalite();
      postgres = await openDatabase();
      const catalog = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
      await catalog.saveCategories(demoCategories());
      await catalog.saveProducts([product]);
      inventory = new PostgresInventory(postgres.db);
      await inventory.openStock([
        { sku, onHand: stock },
        ...(other !== sku ? [{ sku: other, onHand: 1000 }] : []),
      ]);
      gateway = new TestCardGateway();
      carts = new CartService(new ElectroDbCartRepository(dynamo.client, dynamo.tables.carts), catalog);
      checkout = new CheckoutService(new PostgresOrderStore(postgres.db), carts, catalog, gateway, {
        paymentTimeoutMs: 300,
        duplicateWaitMs: 5000,
      });
    }, 60_000);
    afterAll(async () => {
      await postgres?.close();
      await dynamo?.close();
    });

    const buyer = async (quantity = 1, line = sku) => {
      const userId = newId('usr');
      await new PostgresUserRepository(postgres.db).create(
        {
          id: userId,
          email: `${userId.toLowerCase()}@example.com`,
          name: 'B',
          createdAt: new Date().toISOString(),
        },
        'x',
      );
      await carts.add(userId, line, quantity);
      return userId;
    };
    const stockOf = async (s: string) => (await inventory.onHand([s])).get(s);
    /**
     * Counted where the money moves (the card network's ledger), not per key: exactly one charge per confirmed order,
     * under its id and for its total, and no other charge at all.
     */
    const expectOneChargePerConfirmedOrder = async () => {
      const confirmed = await postgres.db
        .selectFrom('orders')
        .select(['id', 'total_amount', 'currency'])
        .where('status', '=', 'CONFIRMED')
        .orderBy('id')
        .execute();
      expect(gateway.ledger.map((c) => c.key).sort(), 'charges at the card network').toEqual(
        confirmed.map((o) => o.id),
      );
      const totals = new Map(
        confirmed.map((o) => [o.id, { amount: Number(o.total_amount), currency: o.currency }]),
      );
      for (const charge of gateway.ledger) expect(charge.amount, charge.key).toEqual(totals.get(charge.key));
    };

    it(`sells exactly ${stock} units to ${buyers} concurrent buyers, never below zero`, async () => {
      const users = await Promise.all(Array.from({ length: buyers }, () => buyer()));
      const before = (await stockOf(sku))!;
      const outcomes = await Promise.all(
        users.map((userId) =>
          checkout
            .checkout({ userId, idempotencyKey: `k-${userId}`, paymentToken: 'tok_visa', ...SHIP_STANDARD })
            .then(
              (r) => r.status,
              (e: { code?: string }) => e.code,
            ),
        ),
      );
      const confirmed = outcomes.filter((o) => o === 201).length;
      expect(confirmed).toBe(Math.min(before, buyers));
      expect(outcomes.filter((o) => o === 'CHECKOUT.OUT_OF_STOCK').length).toBe(buyers - confirmed);
      expect(await stockOf(sku)).toBe(before - confirmed);
      const payments = await postgres.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirst();
      expect(Number(payments?.n)).toBe(confirmed);
      await expectOneChargePerConfirmedOrder();
    }, 120_000);

    it('answers 20 concurrent requests with one key with one order, one payment, 20 identical responses', async () => {
      const userId = await buyer(1, other);
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          checkout.checkout({
            userId,
            idempotencyKey: 'same-key',
            paymentToken: 'tok_visa',
            ...SHIP_STANDARD,
          }),
        ),
      );
      expect(new Set(responses.map((r) => JSON.stringify(r))).size).toBe(1);
      expect(responses[0]!.status).toBe(201);
      const orderId = (responses[0]!.body as { id: string }).id;
      expect(await checkout.listOrders(userId)).toHaveLength(1);
      expect(gateway.charges.get(orderId)).toBe(1);
      await expectOneChargePerConfirmedOrder();
      await expect(
        checkout.checkout({
          userId,
          idempotencyKey: 'same-key',
          paymentToken: 'tok_declined',
          ...SHIP_STANDARD,
        }),
      ).rejects.toMatchObject({ code: 'CHECKOUT.IDEMPOTENCY_KEY_REUSED', kind: 'unprocessable' });
    });

    it('returns the stock and keeps the cart when the card is declined (402)', async () => {
      const userId = await buyer(3, other);
      const before = await stockOf(other);
      const response = await checkout.checkout({
        userId,
        idempotencyKey: 'k',
        paymentToken: 'tok_declined',
        ...SHIP_STANDARD,
      });
      expect(response.status).toBe(402);
      expect(response.body).toMatchObject({ code: 'CHECKOUT.PAYMENT_DECLINED' });
      expect(await stockOf(other)).toBe(before);
      expect((await carts.current(userId)).lines).toEqual([{ sku: other, quantity: 3 }]);
      expect((await checkout.listOrders(userId))[0]!.status).toBe('FAILED');
    });

    it('leaves a timed-out payment PENDING (202) with stock held, then the sweeper fails it and returns the stock', async () => {
      const userId = await buyer(2, other);
      const before = (await stockOf(other))!;
      const response = await checkout.checkout({
        userId,
        idempotencyKey: 'slow',
        paymentToken: 'tok_timeout',
        ...SHIP_STANDARD,
      });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ status: 'PENDING' });
      expect(await stockOf(other)).toBe(before - 2);
      const swept = await checkout.recover(0);
      expect(swept.failed).toBeGreaterThanOrEqual(1);
      expect(await stockOf(other)).toBe(before);
      const order = (await checkout.listOrders(userId))[0]!;
      expect(order.status).toBe('FAILED');
    });

    // Two-line carts listing the same SKUs in opposite orders. Every transaction is made to wait on its first stock
    // row (a test transaction holds both rows), then all are let go at once: taken in the order the cart lists them,
    // half would hold A and want B while the other half hold B and want A (PostgreSQL: 40P01 deadlock detected).
    // Taken in SKU order, they queue on the same row and all succeed.
    // Only where deadlocks can happen: PGlite is one session, two transactions never hold rows at once there.
    (name === 'PostgreSQL server' ? it : ((() => {}) as unknown as typeof it))(
      'takes the stock of 40 concurrent carts listing the same SKUs in opposite orders without a deadlock',
      async () => {
        const orders = new PostgresOrderStore(postgres.db);
        const run = Math.random().toString(36).slice(2, 10);
        const [a, b] = [`DL-A-${run}`, `DL-B-${run}`];
        await inventory.openStock([
          { sku: a, onHand: 500 },
          { sku: b, onHand: 500 },
        ]);
        const userId = newId('usr');
        await new PostgresUserRepository(postgres.db).create(
          {
            id: userId,
            email: `${userId.toLowerCase()}@example.com`,
            name: 'D',
            createdAt: new Date().toISOString(),
          },
          'x',
        );
        const price = money(250, 'USD');
        const line = (sku: string, quantity: number) => ({
          sku,
          productId: `prd-${sku}`,
          name: sku,
          unitPrice: price,
          quantity,
          lineTotal: money(price.amount * quantity, 'USD'),
        });
        const carts = Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0 ? [line(a, 1), line(b, 2)] : [line(b, 2), line(a, 1)],
        );
        const blocker = new pg.Client({ connectionString: postgres.url });
        await blocker.connect();
        /** Runs `calls` while both stock rows are locked, and lets them all go once every one waits on a row. */
        const interleaved = async <T>(calls: () => Promise<T>[]) => {
          await blocker.query('BEGIN');
          await blocker.query('SELECT sku FROM inventory WHERE sku = ANY($1) FOR UPDATE', [[a, b]]);
          const started = calls().map((p) =>
            p.then(
              (value) => ({ value }),
              (error: Error & { code?: string }) => ({ error }),
            ),
          );
          const deadline = Date.now() + 20_000;
          for (;;) {
            // Inside a transaction pg_stat_activity is a snapshot taken at its first read: clear it each time.
            await blocker.query('SELECT pg_stat_clear_snapshot()');
            const { rows } = await blocker.query<{ n: string }>(
              `SELECT count(*) AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
            );
            if (Number(rows[0]!.n) >= 40) break;
            if (Date.now() > deadline)
              throw new Error(`only ${rows[0]!.n} of 40 transactions reached the stock rows`);
            await new Promise((r) => setTimeout(r, 20));
          }
          await blocker.query('COMMIT');
          const results = await Promise.all(started);
          const errors = results.flatMap((r) =>
            'error' in r ? [`${r.error.code ?? ''} ${r.error.message}`] : [],
          );
          expect(errors, 'transactions that failed (a deadlock is 40P01)').toEqual([]);
          return results.flatMap((r) => ('value' in r ? [r.value] : []));
        };
        const movementsOf = async (sku: string) =>
          Number(
            (
              await postgres.db
                .selectFrom('inventory_movements')
                .select((eb) => eb.fn.sum<string>('delta').as('total'))
                .where('sku', '=', sku)
                .executeTakeFirst()
            )?.total,
          );

        try {
          const ids = carts.map(() => newId('ord'));
          const placed = await interleaved(() =>
            carts.map((lines, i) =>
              orders.placePending({
                orderId: ids[i]!,
                userId,
                idempotencyKey: `deadlock-${run}-${i}`,
                requestHash: 'h',
                paymentToken: 'tok_visa',
                subtotal: money(price.amount * 3, 'USD'),
                shipping: { method: 'standard', amount: money(0, 'USD') },
                tax: { rate: '0', amount: money(0, 'USD') },
                total: money(price.amount * 3, 'USD'),
                shippingAddress: TEST_ADDRESS,
                lines,
                createdAt: new Date().toISOString(),
              }),
            ),
          );
          expect(placed).toEqual(carts.map(() => ({ kind: 'placed' })));
          expect(await stockOf(a)).toBe(500 - 40);
          expect(await stockOf(b)).toBe(500 - 80);
          expect(await movementsOf(a)).toBe(500 - 40);
          expect(await movementsOf(b)).toBe(500 - 80);

          // Failing them all at once returns the stock in the same SKU order (lines come back in any order).
          const failed = await interleaved(() =>
            ids.map((id) => orders.fail(id, 'test', { status: 402, body: {} })),
          );
          expect(failed).toEqual(ids.map(() => true));
          expect(await stockOf(a)).toBe(500);
          expect(await stockOf(b)).toBe(500);
          expect(await movementsOf(a)).toBe(500);
          expect(await movementsOf(b)).toBe(500);
        } finally {
          await blocker.query('ROLLBACK').catch(() => {});
          await blocker.end();
        }
      },
      60_000,
    );

    it("refuses an empty cart (422), and hides one user's order from another (404)", async () => {
      const empty = newId('usr');
      await new PostgresUserRepository(postgres.db).create(
        {
          id: empty,
          email: `${empty.toLowerCase()}@example.com`,
          name: 'E',
          createdAt: new Date().toISOString(),
        },
        'x',
      );
      await expect(
        checkout.checkout({ userId: empty, idempotencyKey: 'e', paymentToken: 'tok_visa', ...SHIP_STANDARD }),
      ).rejects.toMatchObject({ code: 'CHECKOUT.EMPTY_CART' });
      const owner = await buyer(1, other);
      const placed = await checkout.checkout({
        userId: owner,
        idempotencyKey: 'mine',
        paymentToken: 'tok_visa',
        ...SHIP_STANDARD,
      });
      const orderId = (placed.body as { id: string }).id;
      expect((await checkout.getOrder(owner, orderId)).id).toBe(orderId);
      await expect(checkout.getOrder(empty, orderId)).rejects.toMatchObject({ kind: 'not_found' });
    });
  });
}

checkoutSuite('PGlite (embedded)', () => freshDatabase(), 40, 10);
describeWithService('DATABASE_URL', 'checkout on a PostgreSQL server', (url) => {
  checkoutSuite('PostgreSQL server', () => freshDatabase(url), 200, 50);
});
