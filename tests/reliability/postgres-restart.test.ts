import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalConfig } from '../../local/config.js';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { localShopConfig } from '../support/local-shop-config.js';
import { PrivatePostgres } from '../support/private-postgres.js';
import { describeWithService } from '../support/real-services.js';
import { SHIP_STANDARD } from '../support/shipping.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BUYERS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Attempt {
  at: number;
  status: number;
  ms: number;
  body: string;
}

/**
 * PostgreSQL restarts twice while buyers check out (`pg_ctl restart -m fast`, then `-m immediate`, a crash as in a
 * failover): every order a buyer saw confirmed is CONFIRMED in the database and charged exactly once at the payments
 * simulator, nothing is charged that is not confirmed, and the services (same processes, never restarted) serve
 * checkouts again by themselves. The cluster is the test's own, so the restarts touch no other test file.
 */
describeWithService('DATABASE_URL', 'PostgreSQL restarted during checkouts (a private cluster)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-pg-restart-'));
  let postgres: PrivatePostgres;
  let shop: LocalShop;
  let config: LocalConfig;
  const buying = new AbortController();

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    config = await localShopConfig(dataDir, 60, { DATABASE_URL: postgres.url });
    shop = await startLocalShop({ config, quiet: true });
  }, 240_000);
  afterAll(async () => {
    buying.abort();
    await shop?.stop();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const network = () => shop.services.payments;

  async function send(
    cookie: { value: string },
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    const started = performance.now();
    try {
      const response = await fetch(`${shop.urls.edge}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookie.value, ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.any([buying.signal, AbortSignal.timeout(15_000)]),
      });
      const session = response.headers.getSetCookie().find((c) => c.startsWith('session='));
      if (session) cookie.value = session.split(';')[0]!;
      return { status: response.status, body: await response.text(), ms: performance.now() - started };
    } catch {
      return { status: 0, body: '', ms: performance.now() - started };
    }
  }

  /** `npm run orders:recover` with RECOVER_AFTER_MS=0: settles whatever a restart left PENDING. */
  async function sweep() {
    const recovered = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'ecs-tasks/orders/recover.ts')],
      { env: { ...shop.services.serviceEnv, RECOVER_AFTER_MS: '0', LOG_LEVEL: 'warn' }, stdio: 'ignore' },
    );
    expect(await new Promise((r) => recovered.once('exit', r))).toBe(0);
  }

  it('loses no confirmed order, charges each once, and the services reconnect by themselves', async () => {
    const db = new pg.Client({ connectionString: postgres.url });
    await db.connect();
    const skus = (
      await db.query<{ sku: string }>('SELECT sku FROM inventory WHERE on_hand >= 30 ORDER BY sku LIMIT 20')
    ).rows.map((r) => r.sku);
    // Enough stock that no checkout meets a short line (8 buyers confirm 600+ orders on a quiet machine): here a 409
    // would be a wrong answer, not a sold-out SKU. An adjustment, as the admin's stock form writes it.
    await db.query(
      `WITH moved AS (UPDATE inventory SET on_hand = on_hand + 10000 WHERE sku = ANY($1) RETURNING sku)
       INSERT INTO inventory_movements (sku, delta, reason) SELECT sku, 10000, 'adjustment' FROM moved`,
      [skus],
    );
    await db.end();
    expect(skus.length).toBeGreaterThan(0);
    const pids = Object.fromEntries(
      Object.entries(shop.services.services).map(([name, service]) => [name, service.child.pid]),
    );

    const confirmed = new Map<string, string>(); // order id -> the buyer's idempotency key
    const attempts: Attempt[] = [];
    let stop = false;
    const buyer = async (b: number) => {
      const cookie = { value: '' };
      const registered = await send(cookie, '/api/auth/register', {
        email: `pg-restart-${b}-${Date.now()}@example.com`,
        password: 'restart-password-1',
        name: 'R',
      });
      expect(registered.status).toBe(201);
      for (let n = 0; !stop; n++) {
        const sku = skus[(n * BUYERS + b) % skus.length]!;
        // A real client: retries until the cart takes the item, then retries the checkout with one key until it
        // gets an answer about its order.
        while (!stop && (await send(cookie, '/api/cart/items', { sku, quantity: 1 })).status !== 201)
          await sleep(100);
        const key = `pg-restart-${b}-${n}`;
        for (let attempt = 0; attempt < 200 && !stop; attempt++) {
          const answer = await send(
            cookie,
            '/api/checkout',
            { paymentToken: 'tok_visa', ...SHIP_STANDARD },
            { 'idempotency-key': key },
          );
          attempts.push({
            at: performance.now(),
            status: answer.status,
            ms: answer.ms,
            body: answer.body.slice(0, 200),
          });
          if (answer.status === 201) {
            confirmed.set((JSON.parse(answer.body) as { id: string }).id, key);
            break;
          }
          if (answer.status === 402 || answer.status === 409) break;
          await sleep(100);
        }
      }
    };
    const buyers = Array.from({ length: BUYERS }, (_, b) => buyer(b));

    await sleep(4000);
    const confirmedBefore = confirmed.size;
    const fastAt = performance.now();
    await postgres.restart('fast');
    const fastUpMs = performance.now() - fastAt;
    await sleep(4000);
    const immediateAt = performance.now();
    await postgres.restart('immediate');
    const immediateUpMs = performance.now() - immediateAt;
    // First confirmed checkout after each restart: the services reconnected on their own.
    const firstOkAfter = (since: number) => attempts.find((a) => a.at > since && a.status === 201)?.at;
    const deadline = performance.now() + 20_000;
    while (performance.now() < deadline && firstOkAfter(immediateAt + immediateUpMs) === undefined)
      await sleep(100);
    await sleep(3000);
    stop = true;
    await Promise.all(buyers);

    const window = (from: number, upMs: number) =>
      attempts.filter((a) => a.at >= from && a.at <= from + upMs + 2000);
    const describeWindow = (name: string, from: number, upMs: number) => {
      const answers = window(from, upMs);
      const statuses = new Map<number, number>();
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const ok = firstOkAfter(from + upMs);
      return `${name}: server back in ${upMs.toFixed(0)} ms, checkout answers in that time + 2 s ${JSON.stringify(Object.fromEntries(statuses))}, slowest ${Math.max(0, ...answers.map((a) => a.ms)).toFixed(0)} ms, first confirmed checkout ${ok === undefined ? 'never' : `${(ok - from - upMs).toFixed(0)} ms after the server was back`}`;
    };

    await sweep();
    const check = new pg.Client({ connectionString: postgres.url });
    await check.connect();
    try {
      const orders = new Map(
        (
          await check.query<{ id: string; status: string; idempotency_key: string }>(
            'SELECT id, status, idempotency_key FROM orders',
          )
        ).rows.map((o) => [o.id, o]),
      );
      const ledger = network().ledger;
      const charges = new Map<string, number>();
      for (const charge of ledger) charges.set(charge.key, (charges.get(charge.key) ?? 0) + 1);
      console.log(
        `${BUYERS} buyers, ${attempts.length} checkout requests, ${confirmed.size} orders confirmed to buyers (${confirmedBefore} before the first restart), ` +
          `${orders.size} orders in the database, ${ledger.length} charges at the simulator.\n` +
          `${describeWindow('restart -m fast', fastAt, fastUpMs)}\n${describeWindow('restart -m immediate', immediateAt, immediateUpMs)}`,
      );

      // The late confirmations the cart must survive: redelivered (a lease lapsed) or delivered well after the order.
      const late = (
        await check.query<{ redelivered: string; slowest_s: string | null }>(
          `SELECT count(*) FILTER (WHERE attempts > 1) AS redelivered,
                  round(max(extract(epoch FROM processed_at - created_at))::numeric, 1) AS slowest_s
             FROM outbox WHERE topic = 'order.confirmed'`,
        )
      ).rows[0]!;
      console.log(
        `order.confirmed events delivered more than once: ${late.redelivered}; slowest delivery ${late.slowest_s ?? '-'} s after the order`,
      );
      // A checkout that found the cart empty (422) was a lost cart line: an order's confirmation, delivered by the relay
      // after the buyer's 20 newer orders (7-9 s late here), took out the line bought again since (40 such 422s in a run
      // without the cart's settled-order mark).
      const otherAnswers = [
        ...new Set(
          attempts.filter((a) => ![201, 202, 503].includes(a.status)).map((a) => `${a.status} ${a.body}`),
        ),
      ];
      console.log(otherAnswers.slice(0, 12).join('\n'));
      expect(confirmed.size).toBeGreaterThan(confirmedBefore);
      // While the server was away the services said so (503, Retry-After: try again) or that the payment is not
      // decided yet (202), never a 500, no answer, or an empty cart (a signed-in buyer taken for a guest).
      expect(otherAnswers, 'checkout answers other than 201, 202 and 503').toEqual([]);
      expect(
        [...confirmed].filter(
          ([id, key]) => orders.get(id)?.status !== 'CONFIRMED' || orders.get(id)?.idempotency_key !== key,
        ),
        'orders a buyer saw confirmed that the database does not hold as CONFIRMED',
      ).toEqual([]);
      expect(
        [...confirmed.keys()].filter((id) => charges.get(id) !== 1),
        'confirmed orders not charged exactly once',
      ).toEqual([]);
      expect(
        [...charges.keys()].filter((id) => orders.get(id)?.status !== 'CONFIRMED'),
        'charges for orders that are not CONFIRMED',
      ).toEqual([]);
      expect([...orders.values()].filter((o) => o.status === 'PENDING')).toEqual([]);
      // Same processes throughout: nothing was restarted to reconnect.
      expect(
        Object.fromEntries(Object.entries(shop.services.services).map(([name, s]) => [name, s.child.pid])),
      ).toEqual(pids);
      expect(firstOkAfter(fastAt + fastUpMs), 'a confirmed checkout after the fast restart').toBeDefined();
      expect(firstOkAfter(immediateAt + immediateUpMs), 'a confirmed checkout after the crash').toBeDefined();
      for (const port of [config.LOCAL_USERS_PORT, config.LOCAL_CART_PORT, config.LOCAL_ORDERS_PORT])
        expect((await fetch(`http://127.0.0.1:${port}/ready`)).status, `/ready on port ${port}`).toBe(200);
    } finally {
      await check.end();
    }
  }, 80_000);
});
