import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPaymentGateway } from '../../adapters/payments/http.gateway.js';
import { TestCardGateway } from '../../adapters/payments/test-card.gateway.js';
import { PostgresFulfilmentStore } from '../../adapters/postgres/fulfilment.postgres.adapter.js';
import { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
import { FulfilmentService } from '../../domain/orders/fulfilment.service.js';
import { type PaymentsSimulator, startPaymentsSimulator } from '../../local/payments-simulator.js';
import { type AdminApp, startAdminApp } from '../support/admin-app.js';
import { freePort } from '../support/free-port.js';
import { type PaidOrder, paidOrders } from '../support/paid-orders.js';

interface Money {
  amount: number;
  currency: string;
}
interface Detail {
  order: { id: string; status: string; refunded: Money; fulfilment: Record<string, string | null> };
  customer: { id: string; email: string; name: string };
  events: { type: string; at: string; data: Record<string, unknown> }[];
  payments: { kind: string; provider: string; reference: string | null; amount: Money; status: string }[];
  actions: { ship: boolean; deliver: boolean; cancel: boolean; refundable: Money };
}

let counter = 0;
const sku = () => `SKU-${Date.now().toString(36)}-${++counter}`;

/**
 * The admin's orders over HTTP, with the card network as a separate server (the payments simulator): what it paid
 * back is counted there, not in the shop's own records.
 */
describe('admin orders API', () => {
  let admin: AdminApp;
  let network: PaymentsSimulator;
  let server: Server;
  let paymentsUrl: string;
  let shop: ReturnType<typeof paidOrders>;

  beforeAll(async () => {
    const port = await freePort();
    ({ server, gateway: network } = await startPaymentsSimulator(port));
    paymentsUrl = `http://127.0.0.1:${port}`;
    admin = await startAdminApp({ env: { PAYMENTS_URL: paymentsUrl } });
    shop = paidOrders(admin.db, network);
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const post = (path: string, payload: object, role: 'owner' | 'support' = 'owner') =>
    admin.app.inject({ method: 'POST', url: `/admin/api${path}`, headers: admin.as(role, true), payload });
  const get = (path: string) => admin.app.inject({ url: `/admin/api${path}`, headers: admin.as('owner') });
  const detail = async (id: string) => (await get(`/orders/${id}`)).json() as Detail;
  const refundedAtNetwork = (orderId: string) =>
    network.refunds.filter((r) => r.paymentKey === orderId).reduce((n, r) => n + r.amount.amount, 0);

  async function oneOrder(quantity = 2, unit = 2_500): Promise<PaidOrder & { sku: string }> {
    const line = sku();
    await shop.stock([{ sku: line, onHand: 10 }]);
    const order = await shop.order(await shop.customer(), [{ sku: line, quantity, unit }]);
    return { ...order, sku: line };
  }

  it('shows an order with its customer, events, charge and what may be done with it', async () => {
    const order = await oneOrder();
    const answer = await get(`/orders/${order.id}`);
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json() as Detail;
    expect(body.order).toMatchObject({
      id: order.id,
      status: 'CONFIRMED',
      refunded: { amount: 0, currency: 'USD' },
      fulfilment: { carrier: null, trackingNumber: null, shippedAt: null, deliveredAt: null },
    });
    expect(body.customer.id).toBe(order.userId);
    expect(body.events.map((e) => e.type)).toEqual(['PENDING', 'CONFIRMED']);
    expect(body.payments).toEqual([
      expect.objectContaining({
        kind: 'charge',
        status: 'AUTHORIZED',
        amount: { amount: order.total, currency: 'USD' },
      }),
    ]);
    expect(body.actions).toEqual({
      ship: true,
      deliver: false,
      cancel: true,
      refundable: { amount: order.total, currency: 'USD' },
    });
    const missing = await get('/orders/ord_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });

  it('ships then delivers, each with its event and audit row; an illegal move is a 409 naming the status', async () => {
    const order = await oneOrder();
    const shipped = await post(`/orders/${order.id}/ship`, { carrier: 'DHL', trackingNumber: 'JD0146 0001' });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect((shipped.json() as Detail).order).toMatchObject({
      status: 'SHIPPED',
      fulfilment: { carrier: 'DHL', trackingNumber: 'JD0146 0001' },
    });
    expect((shipped.json() as Detail).actions).toMatchObject({ ship: false, deliver: true, cancel: false });
    const cancel = await post(`/orders/${order.id}/cancel`, { reason: 'customer asked' });
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().detail).toMatch(/is SHIPPED: only a CONFIRMED order can be cancelled/);
    const delivered = await post(`/orders/${order.id}/deliver`, {});
    expect((delivered.json() as Detail).order.status).toBe('DELIVERED');
    expect((delivered.json() as Detail).order.fulfilment.deliveredAt).not.toBeNull();
    expect((await post(`/orders/${order.id}/deliver`, {})).statusCode).toBe(409);
    expect((await detail(order.id)).events.map((e) => e.type)).toEqual([
      'PENDING',
      'CONFIRMED',
      'SHIPPED',
      'DELIVERED',
    ]);
    const audit = await get(`/audit?targetType=order&targetId=${order.id}`);
    expect((audit.json().items as { action: string; before: unknown; after: unknown }[]).reverse()).toEqual([
      expect.objectContaining({
        action: 'order.ship',
        before: { status: 'CONFIRMED' },
        after: { status: 'SHIPPED', carrier: 'DHL', trackingNumber: 'JD0146 0001' },
      }),
      expect.objectContaining({ action: 'order.deliver', after: { status: 'DELIVERED' } }),
    ]);
    const outbox = await admin.db
      .selectFrom('outbox')
      .select('topic')
      .where('topic', 'like', 'order.%')
      .execute();
    expect(outbox.map((o) => o.topic)).toEqual(expect.arrayContaining(['order.shipped', 'order.delivered']));
  });

  it('ships an order once when 20 operators click at the same moment: 1 ships, 19 get 409', async () => {
    const order = await oneOrder();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(`/orders/${order.id}/ship`, { carrier: 'UPS', trackingNumber: `1Z-${i}-000` }, 'support'),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    const events = await admin.db
      .selectFrom('order_events')
      .select('status')
      .where('order_id', '=', order.id)
      .where('status', '=', 'SHIPPED')
      .execute();
    expect(events).toHaveLength(1);
    const audits = await admin.db
      .selectFrom('audit_log')
      .select('id')
      .where('target_id', '=', order.id)
      .where('action', '=', 'order.ship')
      .execute();
    expect(audits).toHaveLength(1);
  });

  it('20 concurrent refunds of 30%: exactly 3 go through, and the network paid back exactly their sum', async () => {
    const order = await oneOrder(4, 2_500);
    const part = Math.floor(order.total * 0.3);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(`/orders/${order.id}/refund`, {
          amount: { amount: part, currency: 'USD' },
          reason: 'damaged box',
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(17);
    expect(answers.find((a) => a.statusCode === 409)!.json().code).toBe('ORDERS.REFUND_EXCEEDS');
    expect(refundedAtNetwork(order.id)).toBe(3 * part);
    const after = await detail(order.id);
    expect(after.order.refunded).toEqual({ amount: 3 * part, currency: 'USD' });
    expect(after.actions.refundable).toEqual({ amount: order.total - 3 * part, currency: 'USD' });
    expect(after.payments.filter((p) => p.kind === 'refund' && p.status === 'REFUNDED')).toHaveLength(3);
  });

  it('restocks chosen lines with the refund: units back in the ledger, once, with their movement and event', async () => {
    const order = await oneOrder(3, 1_000);
    const before = await shop.onHand(order.sku);
    const tooMany = await post(`/orders/${order.id}/refund`, {
      amount: { amount: 1_000, currency: 'USD' },
      reason: 'returned',
      restock: [{ sku: order.sku, quantity: 4 }],
    });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().code).toBe('ORDERS.RESTOCK_EXCEEDS');
    expect(await shop.onHand(order.sku)).toBe(before);
    expect((await detail(order.id)).payments.filter((p) => p.kind === 'refund')).toHaveLength(0);

    const refund = await post(`/orders/${order.id}/refund`, {
      amount: { amount: 2_000, currency: 'USD' },
      reason: 'two returned',
      restock: [{ sku: order.sku, quantity: 2 }],
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(await shop.onHand(order.sku)).toBe(before + 2);
    const movements = await admin.db
      .selectFrom('inventory_movements')
      .select(['delta', 'reason'])
      .where('order_id', '=', order.id)
      .where('reason', '=', 'refund_restock')
      .execute();
    expect(movements).toEqual([{ delta: 2, reason: 'refund_restock' }]);
    const stockEvents = await admin.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'stock.changed')
      .execute();
    expect(stockEvents.some((e) => (e.payload as { skus: string[] }).skus.includes(order.sku))).toBe(true);
    // Only one unit is left to come back.
    const again = await post(`/orders/${order.id}/refund`, {
      amount: { amount: 100, currency: 'USD' },
      reason: 'more returned',
      restock: [{ sku: order.sku, quantity: 2 }],
    });
    expect(again.json()).toMatchObject({ status: 409, code: 'ORDERS.RESTOCK_EXCEEDS' });
    const refundEvents = (await detail(order.id)).events.filter((e) => e.type.startsWith('REFUND'));
    expect(refundEvents.map((e) => e.type)).toEqual(['REFUND_REQUESTED', 'REFUNDED']);
  });

  it('cancels a paid order: the rest of the charge back to the card and every unreturned unit back in stock', async () => {
    const order = await oneOrder(3, 1_000);
    const before = await shop.onHand(order.sku);
    await post(`/orders/${order.id}/refund`, {
      amount: { amount: 1_000, currency: 'USD' },
      reason: 'one returned early',
      restock: [{ sku: order.sku, quantity: 1 }],
    });
    const cancelled = await post(
      `/orders/${order.id}/cancel`,
      { reason: 'customer changed their mind' },
      'support',
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const body = cancelled.json() as Detail;
    expect(body.order.status).toBe('CANCELLED');
    expect(body.order.refunded).toEqual({ amount: order.total, currency: 'USD' });
    expect(body.actions).toMatchObject({ ship: false, cancel: false, refundable: { amount: 0 } });
    expect(refundedAtNetwork(order.id)).toBe(order.total);
    expect(await shop.onHand(order.sku)).toBe(before + 3);
    expect((await post(`/orders/${order.id}/cancel`, { reason: 'again please' })).statusCode).toBe(409);
    expect(
      (await post(`/orders/${order.id}/refund`, { amount: { amount: 1, currency: 'USD' }, reason: 'more' }))
        .statusCode,
    ).toBe(409);
  });

  it('a refund whose gateway fails stays reserved (202), is never doubled, and recovery settles it', async () => {
    const order = await oneOrder(2, 5_000);
    network.failNextRefunds('unavailable');
    const open = await post(`/orders/${order.id}/refund`, {
      amount: { amount: 6_000, currency: 'USD' },
      reason: 'late',
    });
    expect(open.statusCode, open.body).toBe(202);
    const pending = open.json() as Detail;
    expect(pending.payments.find((p) => p.kind === 'refund')).toMatchObject({
      status: 'PENDING',
      reference: null,
    });
    expect(pending.order.refunded.amount).toBe(0);
    // Reserved: the rest cannot be refunded twice over while the first is open.
    expect(pending.actions.refundable.amount).toBe(order.total - 6_000);
    const over = await post(`/orders/${order.id}/refund`, {
      amount: { amount: order.total - 5_000, currency: 'USD' },
      reason: 'the whole thing',
    });
    expect(over.statusCode).toBe(409);
    expect(pending.actions.cancel).toBe(false);

    // The network pays the second attempt but the answer is lost: still open, and paid exactly once in the end.
    network.failNextRefunds('lose-answer');
    const recovery = new FulfilmentService(
      new PostgresFulfilmentStore(admin.db),
      new HttpPaymentGateway('card-network', paymentsUrl),
    );
    expect(await recovery.recoverRefunds(new Date(Date.now() + 60_000))).toBe(0);
    expect(refundedAtNetwork(order.id)).toBe(6_000);
    expect(await recovery.recoverRefunds(new Date(Date.now() + 60_000))).toBe(1);
    const refundId = network.refunds.find((r) => r.paymentKey === order.id)!.key;
    expect(network.refundRequests.get(refundId)).toBe(3);
    expect(network.refunds.filter((r) => r.paymentKey === order.id)).toHaveLength(1);
    expect((await detail(order.id)).order.refunded.amount).toBe(6_000);
    expect(await recovery.recoverRefunds(new Date(Date.now() + 60_000))).toBe(0);
  });

  it('a refund the network declines is a 409: nothing paid back or restocked, and it may be asked again', async () => {
    // Charged at another network: this one has no charge under the order id and declines.
    const line = sku();
    await shop.stock([{ sku: line, onHand: 5 }]);
    const elsewhere = paidOrders(admin.db, new TestCardGateway());
    const order = await elsewhere.order(await shop.customer(), [{ sku: line, quantity: 2, unit: 1_500 }]);
    const before = await shop.onHand(line);
    const refund = {
      amount: { amount: 1_500, currency: 'USD' },
      reason: 'returned',
      restock: [{ sku: line, quantity: 2 }],
    };
    const declined = await post(`/orders/${order.id}/refund`, refund);
    expect(declined.statusCode).toBe(409);
    expect(declined.json()).toMatchObject({ code: 'ORDERS.REFUND_DECLINED' });
    expect(declined.json().detail).toMatch(/no charge under this payment key/);
    expect(await shop.onHand(line)).toBe(before);
    const after = await detail(order.id);
    expect(after.payments.find((p) => p.kind === 'refund')).toMatchObject({ status: 'FAILED' });
    expect(after.actions.refundable.amount).toBe(order.total);
    expect(after.order.refunded.amount).toBe(0);
    expect(after.events.map((e) => e.type)).toEqual([
      'PENDING',
      'CONFIRMED',
      'REFUND_REQUESTED',
      'REFUND_FAILED',
    ]);
    // The units it had reserved are free again: the same restock is accepted (and declined by the network again).
    expect((await post(`/orders/${order.id}/refund`, refund)).json().code).toBe('ORDERS.REFUND_DECLINED');
  });

  it('the shopper sees their order shipped, with its tracking, and what was refunded', async () => {
    const order = await oneOrder(2, 2_000);
    await post(`/orders/${order.id}/ship`, { carrier: 'DHL', trackingNumber: 'JD-42-SHOP' });
    await post(`/orders/${order.id}/refund`, {
      amount: { amount: 500, currency: 'USD' },
      reason: 'late parcel',
    });
    const store = new PostgresOrderStore(admin.db);
    expect(await store.getForUser(order.userId, order.id)).toMatchObject({
      status: 'SHIPPED',
      refunded: { amount: 500, currency: 'USD' },
      fulfilment: { carrier: 'DHL', trackingNumber: 'JD-42-SHOP', deliveredAt: null },
    });
    expect((await store.listForUser(order.userId, 10)).map((o) => o.status)).toEqual(['SHIPPED']);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const order = await oneOrder();
    const cases: [string, object, string][] = [
      ['ship', { carrier: 'DHL' }, 'body.trackingNumber'],
      ['ship', { carrier: 'DHL', trackingNumber: '<script>' }, 'body.trackingNumber'],
      ['cancel', {}, 'body.reason'],
      ['refund', { amount: { amount: 1.5, currency: 'USD' }, reason: 'why not' }, 'body.amount.amount'],
      ['refund', { amount: { amount: 100, currency: 'XXX' }, reason: 'why not' }, 'body.amount.currency'],
      [
        'refund',
        { amount: { amount: 100, currency: 'USD' }, reason: 'ok', restock: [{ sku: 'A', quantity: 0 }] },
        'body.restock.0.quantity',
      ],
    ];
    for (const [action, payload, field] of cases) {
      const answer = await post(`/orders/${order.id}/${action}`, payload);
      expect(answer.statusCode, `${action} ${JSON.stringify(payload)}`).toBe(400);
      expect(answer.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const euros = await post(`/orders/${order.id}/refund`, {
      amount: { amount: 100, currency: 'EUR' },
      reason: 'wrong',
    });
    expect(euros.json()).toMatchObject({ status: 409, code: 'ORDERS.REFUND_CURRENCY' });
    const after = await detail(order.id);
    expect(after.order.status).toBe('CONFIRMED');
    expect(after.payments).toHaveLength(1);
    expect(after.events).toHaveLength(2);
    for (const query of [
      'status=LOST',
      'from=2026-13-01',
      'from=2026-03-02&to=2026-03-01',
      'cursor=abc',
      'limit=0',
    ])
      expect((await get(`/orders?${query}`)).statusCode, query).toBe(400);
  });

  it('lists orders newest first, filtered by status, customer (email or id) and days, paged by cursor', async () => {
    const line = sku();
    await shop.stock([{ sku: line, onHand: 50 }]);
    const email = `filter-${Date.now()}@example.com`;
    const buyer = await shop.customer('Filter Buyer', email);
    const days = [
      '2025-03-01T10:00:00Z',
      '2025-03-02T10:00:00Z',
      '2025-03-02T23:59:59Z',
      '2025-03-04T00:00:00Z',
    ];
    const placed = [];
    for (const at of days)
      placed.push(await shop.order(buyer, [{ sku: line, quantity: 1, unit: 700 }], new Date(at)));
    await post(`/orders/${placed[1]!.id}/ship`, { carrier: 'DHL', trackingNumber: 'ABC-123' });

    const mine = await get(`/orders?customer=${encodeURIComponent(email.toUpperCase())}`);
    expect((mine.json().items as { id: string }[]).map((o) => o.id)).toEqual(
      placed.map((o) => o.id).reverse(),
    );
    expect(mine.json().items[0]).toMatchObject({
      status: 'CONFIRMED',
      total: { amount: placed[3]!.total, currency: 'USD' },
      refunded: { amount: 0, currency: 'USD' },
      customer: { id: buyer, email },
      lineCount: 1,
      createdAt: '2025-03-04T00:00:00.000Z',
    });
    const byId = await get(`/orders?customer=${buyer}&status=SHIPPED`);
    expect((byId.json().items as { id: string }[]).map((o) => o.id)).toEqual([placed[1]!.id]);
    const day = await get(`/orders?customer=${buyer}&from=2025-03-02&to=2025-03-02`);
    expect((day.json().items as { id: string }[]).map((o) => o.id)).toEqual([placed[2]!.id, placed[1]!.id]);
    expect((await get('/orders?customer=nobody@example.com')).json()).toEqual({
      items: [],
      nextCursor: null,
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(
        `/orders?customer=${buyer}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((o) => o.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(placed.map((o) => o.id).reverse());
    const all = await get('/orders?limit=100');
    const createdAt = (all.json().items as { createdAt: string }[]).map((o) => o.createdAt);
    expect(createdAt).toEqual([...createdAt].sort().reverse());
  });
});
