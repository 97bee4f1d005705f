import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { localShopConfig } from '../support/local-shop-config.js';
import { freshDatabase } from '../support/postgres.js';
import { describeWithService } from '../support/real-services.js';
import { SHIP_STANDARD } from '../support/shipping.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BUYERS = 20;

/** What one SIGKILL interrupted: orders it left PENDING, and payments it left open at the card network. */
interface Kill {
  label: string;
  /** Orders PENDING once the killed process was gone that no earlier kill had left PENDING. */
  pending: string[];
  /** Idempotency keys (= order ids) of authorization requests open at the payments simulator at the kill. */
  inFlight: string[];
}

type OrderRow = { id: string; status: string; total_amount: string; currency: string; payment_token: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * A JSON POST on a connection of its own (no keep-alive): a buyer killed with the test leaves no connection open at
 * the edge, which could otherwise keep the shop from stopping after a failure.
 */
function post(url: string, body: unknown, headers: Record<string, string>, signal: AbortSignal) {
  return new Promise<{ status: number; cookies: string[]; text: string }>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent: false,
        signal,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            cookies: response.headers['set-cookie'] ?? [],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/**
 * Checkouts while the orders process is killed with SIGKILL, then restarted and swept: every order ends CONFIRMED
 * with its stock taken and exactly one charge at the card network, or FAILED with its stock back and none; the
 * ledger's movements still sum to the stock on hand. The kills land at random moments, and at a deterministic one:
 * while the payments simulator holds an order's authorization request, which the test then lets through (the card
 * was charged though nobody heard the answer) or loses (never charged). Charges are counted where the money moves,
 * in the simulator's ledger. Against a PostgreSQL server: PGlite is one session shared by every socket client, so a
 * client killed inside a transaction is not isolated from the others (see the README).
 */
describeWithService('DATABASE_URL', 'orders process killed mid-checkout (PostgreSQL server)', (serverUrl) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-crash-'));
  let shop: LocalShop;
  let db: pg.Client;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const kills: Kill[] = [];
  /** Run first in afterAll, so that a failed test never leaves a request held (and the shop unable to stop). */
  const cleanups: (() => void)[] = [];
  /** Aborted in afterAll: a failed test's buyers stop retrying, so the edge can close. */
  const shopping = new AbortController();
  setMaxListeners(100, shopping.signal); // one listener per buyer's request in flight
  const checkoutsRunning = new Set<Promise<unknown>>();

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
    for (const cleanup of cleanups) cleanup();
    shopping.abort();
    await Promise.allSettled(checkoutsRunning);
    await db?.end();
    await shop?.stop();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const network = () => shop.services.payments;

  /** A registered buyer with one unit of `sku` in the cart; `checkout` retries with one key until it gets an answer. */
  async function shopper(key: string, sku: string) {
    let cookie = '';
    let lastAnswer = '';
    let interrupted = 0;
    const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await post(`${shop.urls.edge}${path}`, body, { cookie, ...headers }, shopping.signal);
      const set = response.cookies.find((c) => c.startsWith('session='));
      if (set) cookie = set.split(';')[0]!;
      lastAnswer = `${response.status} ${response.text.slice(0, 300)}`;
      return response.status;
    };
    expect(
      await call('/api/auth/register', {
        email: `${key}.${Date.now()}@example.com`,
        password: 'crash-password-1',
        name: 'C',
      }),
    ).toBe(201);
    expect(await call('/api/cart/items', { sku, quantity: 1 })).toBe(201);
    return {
      key,
      /** How many attempts failed (no answer, or a 5xx) before the last answer. */
      interrupted: () => interrupted,
      // A real client: retries with the same Idempotency-Key until it gets an answer about its order.
      checkout: () => {
        const running = (async () => {
          for (let attempt = 0; attempt < 100 && !shopping.signal.aborted; attempt++) {
            const status = await call(
              '/api/checkout',
              { paymentToken: 'tok_visa', ...SHIP_STANDARD },
              { 'idempotency-key': key },
            ).catch(() => 0);
            if ([201, 202, 402, 409].includes(status)) return status;
            interrupted++;
            await sleep(150);
          }
          if (shopping.signal.aborted) return 0;
          const rows = (
            await db.query('SELECT id, status, created_at FROM orders WHERE idempotency_key = $1', [key])
          ).rows;
          throw new Error(
            `checkout ${key} never got an answer; the last was: ${lastAnswer}; orders with its key: ${JSON.stringify(rows)}`,
          );
        })();
        checkoutsRunning.add(running);
        return running.finally(() => checkoutsRunning.delete(running));
      },
    };
  }

  const requestsSoFar = () => [...network().requests.values()].reduce((a, b) => a + b, 0);
  async function waitForRequests(total: number, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (requestsSoFar() < total && Date.now() < deadline) await sleep(2);
  }

  const pendingOrders = async () =>
    (await db.query<{ id: string }>("SELECT id FROM orders WHERE status = 'PENDING' ORDER BY id")).rows.map(
      (r) => r.id,
    );

  /** SIGKILL the orders process group; once it is gone, record what the kill left behind. */
  async function killOrders(label: string): Promise<Kill> {
    const pid = shop.services.services.orders!.child.pid!;
    const inFlight = network().inFlight();
    process.kill(-pid, 'SIGKILL');
    for (;;) {
      try {
        process.kill(-pid, 0);
      } catch {
        break;
      }
      await sleep(10);
    }
    // The server sees the closed connections and rolls back what was open; a COMMIT already sent still lands.
    await sleep(200);
    const earlier = new Set(kills.flatMap((k) => k.pending));
    const kill = { label, pending: (await pendingOrders()).filter((id) => !earlier.has(id)), inFlight };
    kills.push(kill);
    return kill;
  }

  /** `npm run orders:recover` with RECOVER_AFTER_MS=0: the sweeper, as its own process. */
  async function sweep() {
    const recovered = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'ecs-tasks/orders/recover.ts')],
      {
        env: { ...shop.services.serviceEnv, RECOVER_AFTER_MS: '0', LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      },
    );
    expect(await new Promise((r) => recovered.once('exit', r))).toBe(0);
  }

  const skuWithStock = async (atLeast: number) =>
    (
      await db.query<{ sku: string; on_hand: number }>(
        'SELECT sku, on_hand FROM inventory WHERE on_hand >= $1 AND sku NOT IN (SELECT sku FROM order_lines) ORDER BY sku LIMIT 1',
        [atLeast],
      )
    ).rows[0]!;

  const onHand = async (sku: string) =>
    (await db.query<{ on_hand: number }>('SELECT on_hand FROM inventory WHERE sku = $1', [sku])).rows[0]!
      .on_hand;

  /**
   * The books, counted at the card network and in the database: nothing PENDING; every charge in the simulator's
   * ledger is a CONFIRMED order's (its key the order id, its amount the order total); no order charged twice, no
   * FAILED order charged, as many charges as confirmed orders; one payment row per confirmed order, none per
   * failed one; every authorization request the network received was for an order; stock movements sum to stock.
   */
  async function expectBooksBalanced() {
    const orders = (
      await db.query<OrderRow>(
        'SELECT id, status, total_amount, currency, payment_token FROM orders ORDER BY id',
      )
    ).rows;
    const byId = new Map(orders.map((o) => [o.id, o]));
    const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
    const ledger = network().ledger;
    expect(
      orders.filter((o) => o.status === 'PENDING').map((o) => o.id),
      'orders left PENDING',
    ).toEqual([]);
    expect(
      ledger
        .filter((charge) => byId.get(charge.key)?.status !== 'CONFIRMED')
        .map((charge) => `${charge.key} (${byId.get(charge.key)?.status ?? 'no such order'})`),
      'charges that are not a confirmed order',
    ).toEqual([]);
    const chargesPerKey = new Map<string, number>();
    for (const charge of ledger) chargesPerKey.set(charge.key, (chargesPerKey.get(charge.key) ?? 0) + 1);
    expect(
      [...chargesPerKey].filter(([, n]) => n > 1).map(([key, n]) => `${key} charged ${n} times`),
      'orders charged more than once',
    ).toEqual([]);
    expect(
      orders.filter((o) => o.status === 'FAILED' && chargesPerKey.has(o.id)).map((o) => o.id),
      'failed orders that were charged',
    ).toEqual([]);
    expect(
      confirmed.filter((o) => !chargesPerKey.has(o.id)).map((o) => o.id),
      'confirmed orders never charged',
    ).toEqual([]);
    expect(ledger.length, 'charges at the card network vs confirmed orders').toBe(confirmed.length);
    for (const charge of ledger) {
      const order = byId.get(charge.key)!;
      expect(charge.amount, `amount charged for ${charge.key}`).toEqual({
        amount: Number(order.total_amount),
        currency: order.currency,
      });
      expect(charge.token, `card charged for ${charge.key}`).toBe(order.payment_token);
    }
    expect(
      [...network().requests.keys()].filter((key) => !byId.has(key)),
      'authorization requests for no order',
    ).toEqual([]);

    const payments = new Map(
      (
        await db.query<{ order_id: string; n: string; amount: string }>(
          'SELECT order_id, count(*) AS n, sum(amount) AS amount FROM payments GROUP BY order_id',
        )
      ).rows.map((r) => [r.order_id, r]),
    );
    for (const order of orders) {
      const payment = payments.get(order.id);
      if (order.status === 'CONFIRMED') {
        expect(Number(payment?.n), `payment rows of ${order.id}`).toBe(1);
        expect(Number(payment?.amount), `payment amount of ${order.id}`).toBe(Number(order.total_amount));
      } else {
        expect(payment, `payment rows of failed ${order.id}`).toBeUndefined();
      }
    }
    const unbalanced = (
      await db.query(
        `SELECT i.sku, i.on_hand, coalesce(sum(m.delta), 0) AS movements
           FROM inventory i LEFT JOIN inventory_movements m ON m.sku = i.sku
          GROUP BY i.sku, i.on_hand HAVING i.on_hand <> coalesce(sum(m.delta), 0)`,
      )
    ).rows;
    expect(unbalanced, 'SKUs whose movements do not sum to the stock on hand').toEqual([]);
  }

  /** Every order a kill interrupted (PENDING, or in flight at the network) is now settled. */
  async function expectInterruptedOrdersRecovered(of: Kill[]) {
    const interrupted = [...new Set(of.flatMap((k) => [...k.pending, ...k.inFlight]))];
    const statuses = (
      await db.query<{ id: string; status: string }>('SELECT id, status FROM orders WHERE id = ANY($1)', [
        interrupted,
      ])
    ).rows;
    expect(statuses.map((o) => o.id).sort()).toEqual(interrupted.sort());
    expect(statuses.filter((o) => o.status === 'PENDING')).toEqual([]);
    return interrupted;
  }

  it('kills at random moments leave every order settled, paid exactly once or not at all, and the ledger balanced', async () => {
    const { sku, on_hand: before } = await skuWithStock(BUYERS);
    const shoppers = await Promise.all(Array.from({ length: BUYERS }, (_, i) => shopper(`crash-${i}`, sku)));

    const inFlight = shoppers.map((s, i) => sleep(i * 30).then(s.checkout));
    // Each kill lands at a random point in the stream of checkouts: a random number of authorization requests
    // after the last (re)start, then a random 0-40 ms; if no more come within 3 s, at that moment.
    const random: Kill[] = [];
    for (const n of [1, 2]) {
      const after = requestsSoFar() + 1 + Math.floor(Math.random() * 6);
      await waitForRequests(after, 3000);
      const delay = Math.floor(Math.random() * 40);
      await sleep(delay);
      random.push(await killOrders(`random kill ${n} (request ${after} + ${delay} ms)`));
      await shop.services.restart('orders');
    }
    const answers = await Promise.all(inFlight);
    // The kills really did land while buyers were checking out.
    expect(shoppers.reduce((n, s) => n + s.interrupted(), 0)).toBeGreaterThan(0);
    expect(answers.filter((status) => status === 201).length).toBeGreaterThan(0);

    await sweep();
    const recovered = await expectInterruptedOrdersRecovered(random);
    console.log(
      `random kills: ${random.map((k) => `${k.label}: ${k.pending.length} PENDING, ${k.inFlight.length} at the network`).join('; ')}; ${recovered.length} recovered`,
    );
    await expectBooksBalanced();
    const orders = (
      await db.query<{ n: string }>(
        "SELECT count(*) AS n FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.sku = $1 AND o.status = 'CONFIRMED'",
        [sku],
      )
    ).rows[0]!;
    expect(await onHand(sku)).toBe(before - Number(orders.n));
  }, 240_000);

  it('a kill while the network holds three authorizations: the one it charged is confirmed; the one it lost, and the one still in flight during the sweep, fail with their stock back and are never charged', async () => {
    const shoppersCount = 6;
    const { sku, on_hand: before } = await skuWithStock(shoppersCount);
    const shoppers = await Promise.all(
      Array.from({ length: shoppersCount }, (_, i) => shopper(`held-${i}`, sku)),
    );
    const hold = network().holdNextAuthorizations(3);
    cleanups.push(() => hold.cancel('lose'));
    const answers = shoppers.map((s) => s.checkout());
    const [charged, lost, late] = await within(
      hold.held,
      30_000,
      'the simulator holding three authorizations',
    );

    // Both orders are placed and waiting for their payment: PENDING, one unit each taken from stock.
    for (const held of [charged!, lost!, late!]) {
      const order = (
        await db.query<OrderRow>('SELECT id, status, total_amount, currency FROM orders WHERE id = $1', [
          held.key,
        ])
      ).rows[0];
      expect(order, `order ${held.key}`).toMatchObject({ id: held.key, status: 'PENDING' });
      expect(held.amount).toEqual({ amount: Number(order!.total_amount), currency: order!.currency });
      const taken = (
        await db.query<{ delta: number }>('SELECT delta FROM inventory_movements WHERE order_id = $1', [
          held.key,
        ])
      ).rows;
      expect(taken).toEqual([{ delta: -1 }]);
      expect(held.callerConnected, 'the orders process still waits for its answer').toBe(true);
    }

    const kill = await killOrders('while three authorizations were held');
    expect(kill.inFlight).toEqual(expect.arrayContaining([charged!.key, lost!.key, late!.key]));
    expect(kill.pending).toEqual(expect.arrayContaining([charged!.key, lost!.key, late!.key]));
    await within(
      Promise.all([charged!.callerGone, lost!.callerGone, late!.callerGone]),
      5000,
      'the killed caller hanging up',
    );

    // The card network charged one though nobody heard the answer, and never processed the other.
    expect(await charged!.release('process')).toMatchObject({ status: 'authorized' });
    expect(await lost!.release('lose')).toBeNull();
    expect(network().ledger.filter((c) => c.key === charged!.key)).toHaveLength(1);
    expect(network().ledger.filter((c) => c.key === lost!.key)).toEqual([]);
    expect(await network().lookup(lost!.key)).toEqual({ status: 'unknown' });

    await shop.services.restart('orders');
    await sweep();
    // The third request reaches the network only now, after the sweep: the sweeper cancelled it there before failing
    // its order, so the network refuses to charge it.
    expect(await late!.release('process')).toMatchObject({ status: 'declined' });
    expect(network().ledger.filter((c) => c.key === late!.key)).toEqual([]);
    await Promise.all(answers);

    const status = async (id: string) =>
      (await db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id])).rows[0]!.status;
    expect(await status(charged!.key)).toBe('CONFIRMED');
    expect(await status(lost!.key)).toBe('FAILED');
    expect(await status(late!.key)).toBe('FAILED');
    const movements = async (id: string) =>
      (
        await db.query<{ delta: number; reason: string }>(
          'SELECT delta, reason FROM inventory_movements WHERE order_id = $1 ORDER BY id',
          [id],
        )
      ).rows;
    expect(await movements(charged!.key)).toEqual([{ delta: -1, reason: 'order_placed' }]);
    for (const failed of [lost!, late!])
      expect(await movements(failed.key)).toEqual([
        { delta: -1, reason: 'order_placed' },
        { delta: 1, reason: 'order_failed' },
      ]);
    // Recovery looked the payments up (and cancelled the unfinished ones); it never asked the network to authorize again.
    for (const held of [charged!, lost!, late!]) expect(network().requests.get(held.key)).toBe(1);

    // The buyers who vanished with the process get their order's real answer on their next retry.
    const keyOf = async (id: string) =>
      (await db.query<{ idempotency_key: string }>('SELECT idempotency_key FROM orders WHERE id = $1', [id]))
        .rows[0]!.idempotency_key;
    const byKey = new Map(shoppers.map((s) => [s.key, s]));
    expect(await byKey.get(await keyOf(charged!.key))!.checkout()).toBe(201);
    expect(await byKey.get(await keyOf(lost!.key))!.checkout()).toBe(402);
    expect(await byKey.get(await keyOf(late!.key))!.checkout()).toBe(402);

    await expectInterruptedOrdersRecovered([kill]);
    await expectBooksBalanced();
    const confirmed = (
      await db.query<{ n: string }>(
        "SELECT count(*) AS n FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.sku = $1 AND o.status = 'CONFIRMED'",
        [sku],
      )
    ).rows[0]!;
    expect(await onHand(sku)).toBe(before - Number(confirmed.n));
  }, 240_000);

  it('the kills landed inside checkouts (orders PENDING or paying at a kill), and all of those were recovered', async () => {
    expect(kills.filter((k) => k.pending.length > 0 || k.inFlight.length > 0).length).toBeGreaterThan(0);
    const recovered = await expectInterruptedOrdersRecovered(kills);
    expect(recovered.length).toBeGreaterThan(0);
  });
});
