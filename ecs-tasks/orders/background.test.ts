import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElectroDbCartRepository } from '../../adapters/dynamodb/carts.electrodb.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createLogger } from '../../adapters/logs/logger.js';
import { HttpPaymentGateway } from '../../adapters/payments/http.gateway.js';
import { TestCardGateway } from '../../adapters/payments/test-card.gateway.js';
import type { PostgresHandle } from '../../adapters/postgres/connect.js';
import { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
import { CartService } from '../../domain/cart/cart.service.js';
import { CheckoutService } from '../../domain/orders/checkout.service.js';
import type { PaymentGateway } from '../../domain/orders/orders.ports.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { type DynamoFixture, startDynalite } from '../../tests/support/dynalite.js';
import { freePort } from '../../tests/support/free-port.js';
import { paidOrders } from '../../tests/support/paid-orders.js';
import { freshDatabase } from '../../tests/support/postgres.js';
import { SHIP_STANDARD } from '../../tests/support/shipping.js';
import { sweepPendingOrders } from './background.js';

describe("the orders service's sweeper", () => {
  let dynamo: DynamoFixture;
  let postgres: PostgresHandle;
  let carts: CartService;
  let catalog: ElectroDbCatalogRepository;
  const product = { ...[...demoProducts(1, 91)][0]!, status: 'active' as const };
  const sku = product.variants[0]!.sku;
  const cards = new TestCardGateway();

  const checkoutWith = (gateway: PaymentGateway) =>
    new CheckoutService(new PostgresOrderStore(postgres.db), carts, catalog, gateway, {
      paymentTimeoutMs: 200,
      duplicateWaitMs: 0,
    });

  beforeAll(async () => {
    dynamo = await startDynalite();
    postgres = await freshDatabase();
    catalog = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
    await catalog.saveCategories(demoCategories());
    await catalog.saveProducts([product]);
    await paidOrders(postgres.db, cards).stock([{ sku, onHand: 10 }]);
    carts = new CartService(new ElectroDbCartRepository(dynamo.client, dynamo.tables.carts), catalog);
  }, 60_000);
  afterAll(async () => {
    await postgres?.close();
    await dynamo?.close();
  });

  it('writes what it could not decide, then what it failed, as orderSweep metrics on its log line', async () => {
    const userId = await paidOrders(postgres.db, cards).customer();
    await carts.add(userId, sku, 1);
    const pending = await checkoutWith(cards).checkout({
      userId,
      idempotencyKey: 'stuck',
      paymentToken: 'tok_timeout',
      ...SHIP_STANDARD,
    });
    expect(pending.status).toBe(202);

    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ service: 'orders', sink: (line) => lines.push(JSON.parse(line)) });
    const providerDown = new HttpPaymentGateway('payments', `http://127.0.0.1:${await freePort()}`);
    await sweepPendingOrders(checkoutWith(providerDown), logger, 0);
    await sweepPendingOrders(checkoutWith(cards), logger, 0);
    await sweepPendingOrders(checkoutWith(cards), logger, 0);

    // The third pass found nothing stale: no line.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      msg: 'order sweep',
      sweptConfirmed: 0,
      sweptFailed: 0,
      sweptUndecided: 1,
    });
    expect(lines[1]).toMatchObject({
      msg: 'order sweep',
      sweptConfirmed: 0,
      sweptFailed: 1,
      sweptUndecided: 0,
    });
    expect(lines[0]!._aws).toMatchObject({
      CloudWatchMetrics: [
        {
          Namespace: `Shop/${process.env.STAGE || 'local'}`,
          Dimensions: [[]],
          Metrics: [
            { Name: 'sweptConfirmed', Unit: 'Count' },
            { Name: 'sweptFailed', Unit: 'Count' },
            { Name: 'sweptUndecided', Unit: 'Count' },
          ],
        },
      ],
    });
    expect((await checkoutWith(cards).listOrders(userId))[0]!.status).toBe('FAILED');
  }, 60_000);
});
