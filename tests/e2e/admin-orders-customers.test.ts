import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAddressBook } from '../../adapters/postgres/addresses.postgres.adapter.js';
import { newId } from '../../domain/shared/ids.js';
import { startPaymentsSimulator } from '../../local/payments-simulator.js';
import { type AdminApp, startAdminApp } from '../support/admin-app.js';
import { freePort } from '../support/free-port.js';
import { paidOrders } from '../support/paid-orders.js';
import { TEST_ADDRESS } from '../support/shipping.js';

interface Summary {
  id: string;
  email: string;
  name: string;
  orders: number;
  spent: { amount: number; currency: string } | null;
}

/** Customer lookup for support: prefix search, cursor pages, per-page totals, one customer with orders and addresses. */
describe('admin customers API', () => {
  let admin: AdminApp;
  let server: Server;
  let shop: ReturnType<typeof paidOrders>;
  const tag = Date.now().toString(36);
  const ids: Record<'ada' | 'alan' | 'grace', string> = { ada: '', alan: '', grace: '' };
  const totals: Record<string, number[]> = {};

  beforeAll(async () => {
    const port = await freePort();
    const network = await startPaymentsSimulator(port);
    server = network.server;
    admin = await startAdminApp({ env: { PAYMENTS_URL: `http://127.0.0.1:${port}` } });
    shop = paidOrders(admin.db, network.gateway);
    const sku = `CUST-${tag}`;
    await shop.stock([{ sku, onHand: 99 }]);
    ids.ada = await shop.customer(
      `Ada ${tag} Lovelace`,
      `ada.${tag}@example.com`,
      new Date(Date.now() - 3_000),
    );
    ids.alan = await shop.customer(
      `Alan ${tag} Turing`,
      `alan.${tag}@example.com`,
      new Date(Date.now() - 2_000),
    );
    ids.grace = await shop.customer(
      `Grace ${tag} Hopper`,
      `grace_${tag}@example.com`,
      new Date(Date.now() - 1_000),
    );
    totals[ids.ada] = [];
    for (let i = 0; i < 22; i++) {
      const order = await shop.order(
        ids.ada,
        [{ sku, quantity: 1, unit: 1_000 + i }],
        new Date(Date.UTC(2025, 0, 1 + i)),
      );
      totals[ids.ada]!.push(order.total);
    }
    const alans = await shop.order(ids.alan, [{ sku, quantity: 2, unit: 3_000 }]);
    totals[ids.alan] = [alans.total];
    const refund = await admin.app.inject({
      method: 'POST',
      url: `/admin/api/orders/${alans.id}/refund`,
      headers: admin.as('owner', true),
      payload: { amount: { amount: 1_000, currency: 'USD' }, reason: 'partial refund' },
    });
    expect(refund.statusCode, refund.body).toBe(200);
    await new PostgresAddressBook(admin.db).add(
      ids.ada,
      { id: newId('adr'), ...TEST_ADDRESS, createdAt: new Date().toISOString() },
      20,
    );
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const get = (path: string) => admin.app.inject({ url: `/admin/api${path}`, headers: admin.as('support') });
  const search = async (q: string) =>
    ((await get(`/customers?q=${encodeURIComponent(q)}`)).json() as { items: Summary[] }).items;

  it('finds customers by email or name prefix, any case, with their orders and net spending', async () => {
    expect((await search(`ADA.${tag}`)).map((c) => c.id)).toEqual([ids.ada]);
    expect((await search(`alan ${tag}`)).map((c) => c.id)).toEqual([ids.alan]);
    const [ada] = await search(`ada.${tag}@`);
    expect(ada).toMatchObject({ email: `ada.${tag}@example.com`, name: `Ada ${tag} Lovelace`, orders: 22 });
    expect(ada!.spent).toEqual({ amount: totals[ids.ada]!.reduce((a, b) => a + b, 0), currency: 'USD' });
    const [alan] = await search(`alan.${tag}`);
    expect(alan).toMatchObject({
      orders: 1,
      spent: { amount: totals[ids.alan]![0]! - 1_000, currency: 'USD' },
    });
    const [grace] = await search(`grace_${tag}`);
    expect(grace).toMatchObject({ orders: 0, spent: null });
    // LIKE's wildcards are plain characters here: "_" matches only an underscore.
    expect(await search(`ada_${tag}`)).toEqual([]);
    expect(await search('%')).toEqual([]);
  });

  it('pages every customer newest first with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/customers?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json() as { items: Summary[]; nextCursor: string | null };
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual([ids.grace, ids.alan, ids.ada]);
  });

  it('shows one customer with their newest 20 orders and saved addresses', async () => {
    const answer = await get(`/customers/${ids.ada}`);
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json();
    expect(body.customer).toMatchObject({ id: ids.ada, email: `ada.${tag}@example.com` });
    expect(body.orders).toHaveLength(20);
    expect(body.orders[0]).toMatchObject({
      status: 'CONFIRMED',
      lineCount: 1,
      createdAt: '2025-01-22T00:00:00.000Z',
    });
    expect(body.addresses).toEqual([expect.objectContaining({ city: TEST_ADDRESS.city })]);
    expect((await get(`/customers/usr_01ARZ3NDEKTSV4RRFFQ69G5FAV`)).statusCode).toBe(404);
  });

  it('refuses an empty search, a bad limit and an edited cursor with a 400', async () => {
    for (const query of ['q=', 'limit=101', 'cursor=abc.def'])
      expect((await get(`/customers?${query}`)).statusCode, query).toBe(400);
  });
});
