import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { localShopConfig } from '../support/local-shop-config.js';
import { freshDatabase } from '../support/postgres.js';
import { describeWithService } from '../support/real-services.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BUYERS = 20;
let interrupted = 0;

/**
 * 20 checkouts while the orders process is killed with SIGKILL at random points, then restarted and swept:
 * every order ends CONFIRMED with its stock taken and exactly one charge, or FAILED with its stock back and none;
 * the ledger's movements still sum to the stock on hand. Against a PostgreSQL server: PGlite is one session shared by
 * every socket client, so a client killed inside a transaction is not isolated from the others (see the README).
 */
describeWithService('DATABASE_URL', 'orders process killed mid-checkout (PostgreSQL server)', (serverUrl) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-crash-'));
  let shop: LocalShop;
  let db: pg.Client;
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase(serverUrl);
    shop = await startLocalShop({
      config: await localShopConfig(dataDir, 60, { DATABASE_URL: database.url! }),
      quiet: true,
    });
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  }, 240_000);
  afterAll(async () => {
    await db?.end();
    await shop?.stop();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function shopper(index: number, sku: string) {
    let cookie = '';
    const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${shop.urls.edge}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify(body),
      });
      const set = response.headers.getSetCookie().find((c) => c.startsWith('session='));
      if (set) cookie = set.split(';')[0]!;
      lastAnswer = `${response.status} ${(await response.text()).slice(0, 300)}`;
      return response.status;
    };
    let lastAnswer = '';
    expect(
      await call('/api/auth/register', {
        email: `crash${index}.${Date.now()}@example.com`,
        password: 'crash-password-1',
        name: 'C',
      }),
    ).toBe(201);
    expect(await call('/api/cart/items', { sku, quantity: 1 })).toBe(201);
    // A real client: retries with the same Idempotency-Key until it gets an answer about its order.
    return async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const status = await call(
          '/api/checkout',
          { paymentToken: 'tok_visa' },
          { 'idempotency-key': `crash-${index}` },
        ).catch(() => 0);
        if ([201, 202, 402, 409].includes(status)) return status;
        interrupted++;
        await new Promise((r) => setTimeout(r, 150));
      }
      const rows = (
        await db.query('SELECT id, status, created_at FROM orders WHERE idempotency_key = $1', [
          `crash-${index}`,
        ])
      ).rows;
      throw new Error(
        `checkout ${index} never got an answer; the last was: ${lastAnswer}; orders with its key: ${JSON.stringify(rows)}`,
      );
    };
  }

  const killOrders = () => {
    const pid = shop.services.services.orders!.child.pid!;
    process.kill(-pid, 'SIGKILL');
  };

  it('leaves every order settled, paid exactly once or not at all, and the ledger balanced', async () => {
    const { rows } = await db.query<{ sku: string; on_hand: number }>(
      'SELECT sku, on_hand FROM inventory WHERE on_hand >= $1 ORDER BY sku LIMIT 1',
      [BUYERS],
    );
    const { sku, on_hand: before } = rows[0]!;
    const checkouts = await Promise.all(Array.from({ length: BUYERS }, (_, i) => shopper(i, sku)));

    const inFlight = checkouts.map((checkout, i) => new Promise((r) => setTimeout(r, i * 60)).then(checkout));
    for (const delay of [100 + Math.random() * 400, Math.random() * 600]) {
      await new Promise((r) => setTimeout(r, delay));
      killOrders();
      await shop.services.restart('orders');
    }
    const answers = await Promise.all(inFlight);
    // The kills really did land while buyers were checking out.
    expect(interrupted).toBeGreaterThan(0);
    expect(answers.filter((status) => status === 201).length).toBeGreaterThan(0);

    const recovered = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'ecs-tasks/orders/recover.ts')],
      {
        env: { ...shop.services.serviceEnv, RECOVER_AFTER_MS: '0', LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      },
    );
    expect(await new Promise((r) => recovered.once('exit', r))).toBe(0);

    const orders = (
      await db.query<{ id: string; status: string }>(
        "SELECT id, status FROM orders WHERE idempotency_key LIKE 'crash-%'",
      )
    ).rows;
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.filter((o) => o.status === 'PENDING')).toEqual([]);
    const payments = new Map(
      (
        await db.query<{ order_id: string; n: string }>(
          'SELECT order_id, count(*) AS n FROM payments GROUP BY order_id',
        )
      ).rows.map((r) => [r.order_id, Number(r.n)]),
    );
    for (const order of orders) {
      const charged = shop.services.payments.charges.get(order.id) ?? 0;
      if (order.status === 'CONFIRMED') {
        expect(payments.get(order.id), order.id).toBe(1);
        expect(charged, order.id).toBe(1);
      } else {
        expect(payments.get(order.id) ?? 0, order.id).toBe(0);
        expect(charged, order.id).toBe(0);
      }
    }
    const confirmed = orders.filter((o) => o.status === 'CONFIRMED').length;
    const after = (await db.query<{ on_hand: number }>('SELECT on_hand FROM inventory WHERE sku = $1', [sku]))
      .rows[0]!.on_hand;
    expect(after).toBe(before - confirmed);
    const ledger = (
      await db.query<{ total: string }>(
        'SELECT sum(delta) AS total FROM inventory_movements WHERE sku = $1',
        [sku],
      )
    ).rows[0]!;
    expect(Number(ledger.total)).toBe(after);
  }, 240_000);
});
