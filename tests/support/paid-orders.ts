import type { Kysely } from 'kysely';
import type { Database } from '../../adapters/postgres/database.js';
import { PostgresInventory } from '../../adapters/postgres/inventory.postgres.adapter.js';
import { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
import { PostgresUserRepository } from '../../adapters/postgres/users.postgres.adapter.js';
import type { PaymentGateway } from '../../domain/orders/orders.ports.js';
import { priceOrder } from '../../domain/orders/pricing.js';
import { newId } from '../../domain/shared/ids.js';
import { money } from '../../domain/shared/money.js';
import { TEST_ADDRESS } from './shipping.js';

export interface PaidOrder {
  id: string;
  userId: string;
  total: number;
}

/**
 * Shoppers and paid orders the way checkout makes them: the order placed PENDING with its stock taken by the real
 * OrderStore, charged at `network` under the order id (so the network knows what it may refund), then CONFIRMED.
 */
export function paidOrders(db: Kysely<Database>, network: PaymentGateway) {
  const store = new PostgresOrderStore(db);
  const inventory = new PostgresInventory(db);
  return {
    async customer(name = 'Test Shopper', email?: string, createdAt = new Date()) {
      const id = newId('usr', createdAt.getTime());
      await new PostgresUserRepository(db).create(
        { id, email: email ?? `${id.toLowerCase()}@example.com`, name, createdAt: createdAt.toISOString() },
        'x',
      );
      return id;
    },
    stock: (entries: { sku: string; onHand: number }[]) => inventory.openStock(entries),
    onHand: async (sku: string) => (await inventory.onHand([sku])).get(sku) ?? 0,
    async order(
      userId: string,
      lines: { sku: string; quantity: number; unit: number }[],
      createdAt = new Date(),
    ): Promise<PaidOrder> {
      const orderLines = lines.map((l) => ({
        sku: l.sku,
        productId: `prd_${l.sku}`,
        name: `Product ${l.sku}`,
        unitPrice: money(l.unit, 'USD'),
        quantity: l.quantity,
        lineTotal: money(l.unit * l.quantity, 'USD'),
      }));
      const price = priceOrder(
        money(
          orderLines.reduce((n, l) => n + l.lineTotal.amount, 0),
          'USD',
        ),
        'US',
        'standard',
      );
      const orderId = newId('ord', createdAt.getTime());
      const placed = await store.placePending({
        orderId,
        userId,
        idempotencyKey: newId('req'),
        requestHash: 'h',
        paymentToken: 'tok_visa',
        subtotal: price.subtotal,
        shipping: { method: 'standard', amount: price.shipping.amount },
        tax: price.tax,
        total: price.total,
        shippingAddress: TEST_ADDRESS,
        lines: orderLines,
        createdAt: createdAt.toISOString(),
      });
      if (placed.kind !== 'placed') throw new Error(`could not place the order: ${placed.kind}`);
      const charge = await network.authorize(
        { idempotencyKey: orderId, amount: price.total, token: 'tok_visa' },
        AbortSignal.timeout(5_000),
      );
      if (charge.status !== 'authorized') throw new Error('the test card was not charged');
      await store.confirm(
        orderId,
        { provider: network.name, reference: charge.reference, amount: price.total },
        { status: 201, body: { id: orderId } },
      );
      return { id: orderId, userId, total: price.total.amount };
    },
  };
}
