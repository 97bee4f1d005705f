import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LruCache } from '../../adapters/cache/lru.cache.adapter.js';
import { MemoryRateLimiter } from '../../adapters/cache/memory.rate-limiter.js';
import { ElectroDbCartRepository } from '../../adapters/dynamodb/carts.electrodb.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createServiceApp } from '../../adapters/http/chassis/server.js';
import { createLogger } from '../../adapters/logs/logger.js';
import { TestCardGateway } from '../../adapters/payments/test-card.gateway.js';
import { connectPostgres, type PostgresHandle } from '../../adapters/postgres/connect.js';
import { PostgresInventory } from '../../adapters/postgres/inventory.postgres.adapter.js';
import { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
import { PostgresShopperEventLog } from '../../adapters/postgres/shopper-events.postgres.adapter.js';
import { PostgresUserRepository } from '../../adapters/postgres/users.postgres.adapter.js';
import { ADMIN_ROUTES } from '../../admin-ec2/route-table.js';
import { EVENT_BATCHES_PER_MINUTE, ShopperEventsService } from '../../domain/analytics/shopper-events.js';
import { CartService } from '../../domain/cart/cart.service.js';
import { CheckoutService } from '../../domain/orders/checkout.service.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { newId } from '../../domain/shared/ids.js';
import { shopperEventsRoutes } from '../../ecs-tasks/orders/events.routes.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { type AdminApp, startAdminApp } from '../support/admin-app.js';
import { type DynamoFixture, startDynalite } from '../support/dynalite.js';
import { waitForReplay } from '../support/replica.js';
import { SHIP_STANDARD } from '../support/shipping.js';

const logger = createLogger({ service: 'insights-test', level: 'error' });
const today = new Date().toISOString().slice(0, 10);
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const RANGE = `from=${today}&to=${tomorrow}`;
const SESSION = 'Zr4mVt8wQ2xLk9pN3sHd7e';

/** A service on the chassis answering /ready with its cache counters, listening on a free port. */
async function readyService(name: string, cache?: CacheAside) {
  const app = await createServiceApp({
    name,
    logger,
    ready: async () => {},
    ...(cache ? { metrics: () => ({ cache: cache.stats() }) } : {}),
    routes: () => {},
    trustedProxyHops: 0,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/**
 * The storefront's events through the real endpoint, orders through the real checkout, then the admin's funnel, category
 * mix and health page over them: on PGlite, or on PostgreSQL with the analytics on its streaming replica.
 */
describe('admin insights: funnel, category mix, health', () => {
  let dynamo: DynamoFixture;
  let admin: AdminApp;
  let events: FastifyInstance;
  let cached: Awaited<ReturnType<typeof readyService>>;
  let stoppedUrl: string;
  let control: PostgresHandle | undefined;
  const [hats, mugs] = demoCategories();
  const products = [...demoProducts(12, 5)].map((p) => ({ ...p, status: 'active' as const }));
  const hat = { ...products[0]!, categoryId: hats!.id };
  const mug = { ...products[1]!, categoryId: mugs!.id };

  beforeAll(async () => {
    dynamo = await startDynalite();
    const catalog = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
    await catalog.saveCategories(demoCategories());
    await catalog.saveProducts([hat, mug]);
    const counting = new CacheAside(new LruCache({ maxEntries: 10, maxBytes: 1e5 }));
    await counting.read('a', 60, async () => 1);
    for (let i = 0; i < 3; i++) await counting.read('a', 60, async () => 1);
    cached = await readyService('orders', counting);
    const stopped = await readyService('users');
    stoppedUrl = stopped.url;
    await stopped.app.close();
    admin = await startAdminApp({
      catalog: dynamo,
      env: { SERVICE_URLS: `orders=${cached.url},users=${stoppedUrl}` },
    });
    events = await createServiceApp({
      name: 'orders',
      logger,
      ready: async () => {},
      routes: shopperEventsRoutes({
        shopperEvents: new ShopperEventsService(
          new PostgresShopperEventLog(admin.db),
          new MemoryRateLimiter(),
        ),
      }),
      trustedProxyHops: 0,
    });
    if (admin.replicaUrl) {
      control = await connectPostgres({
        kind: 'server',
        url: process.env.REPLICA_DATABASE_URL!,
        maxConnections: 1,
        statementTimeoutMs: 5000,
        applicationName: 'insights-test-control',
      });
    }
  }, 120_000);
  afterAll(async () => {
    if (control) await sql`select pg_wal_replay_resume()`.execute(control.db).catch(() => {});
    await control?.close();
    await events?.close();
    await cached?.app.close();
    await admin?.close();
    await dynamo?.close();
  });

  const sendEvents = (body: unknown, ip = '203.0.113.7') =>
    events.inject({ method: 'POST', url: '/api/events', payload: body as object, remoteAddress: ip });
  const storedEvents = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from shopper_events`.execute(admin.db)).rows[0]!.n);
  /** The rollups refreshed on the primary and replayed where the analytics read. */
  const refreshed = async () => {
    await admin.container.rollup.refresh();
    if (control) await waitForReplay(admin.db, control.db);
  };
  const get = (path: string, query = RANGE) =>
    admin.app.inject({ url: `${path}?${query}`, headers: admin.as('owner') });

  it('refuses bad event batches with a 400 naming the field and stores none of them', async () => {
    const view = { type: 'product_view', productId: hat.id };
    const bad: [unknown, string][] = [
      [{ events: [view] }, 'body.sessionId'],
      [{ sessionId: 'short', events: [view] }, 'body.sessionId'],
      [{ sessionId: SESSION, events: [] }, 'body.events'],
      [{ sessionId: SESSION, events: Array(51).fill(view) }, 'body.events'],
      [{ sessionId: SESSION, events: [view, { type: 'purchase', productId: hat.id }] }, 'body.events.1.type'],
      [{ sessionId: SESSION, events: [{ type: 'add_to_cart', productId: 'x' }] }, 'body.events.0.productId'],
      [{ sessionId: SESSION, events: [{ ...view, at: 'yesterday' }] }, 'body.events.0.at'],
    ];
    for (const [body, field] of bad) {
      const answer = await sendEvents(body);
      expect(answer.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(answer.json().errors)).toContain(field);
    }
    expect(await storedEvents()).toBe(0);
  });

  it('limits batches per client address (429 with Retry-After), storing nothing refused', async () => {
    const batch = { sessionId: SESSION, events: [{ type: 'product_view', productId: mug.id }] };
    const answers = await Promise.all(
      Array.from({ length: EVENT_BATCHES_PER_MINUTE + 5 }, () => sendEvents(batch, '198.51.100.9')),
    );
    const accepted = answers.filter((a) => a.statusCode === 202).length;
    expect(accepted).toBe(EVENT_BATCHES_PER_MINUTE);
    const refused = answers.find((a) => a.statusCode === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await storedEvents()).toBe(EVENT_BATCHES_PER_MINUTE);
    expect((await sendEvents(batch, '198.51.100.10')).statusCode).toBe(202);
    await sql`delete from shopper_events`.execute(admin.db);
  });

  it('counts the funnel from the events sent and the orders checked out and paid, from the rollup and live', async () => {
    const view = (productId: string) => ({ type: 'product_view', productId });
    const add = (productId: string) => ({ type: 'add_to_cart', productId });
    const batches = [
      [view(hat.id), view(mug.id), view(hat.id), add(hat.id)],
      [view(mug.id), add(mug.id), view(hat.id)],
      [view(hat.id), { ...add(hat.id), at: new Date(Date.now() - 60_000).toISOString() }],
    ];
    for (const [i, batch] of batches.entries()) {
      const answer = await sendEvents({ sessionId: `${SESSION}${i}`, events: batch });
      expect(answer.statusCode, answer.body).toBe(202);
      expect(answer.json()).toEqual({ accepted: batch.length });
    }

    // Three checkouts through the real checkout: two paid (hat + mug, then a hat), one declined.
    const inventory = new PostgresInventory(admin.db);
    await inventory.openStock([
      { sku: hat.variants[0]!.sku, onHand: 100 },
      { sku: mug.variants[0]!.sku, onHand: 100 },
    ]);
    const catalog = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
    const carts = new CartService(new ElectroDbCartRepository(dynamo.client, dynamo.tables.carts), catalog);
    const checkout = new CheckoutService(
      new PostgresOrderStore(admin.db),
      carts,
      catalog,
      new TestCardGateway(),
      {
        paymentTimeoutMs: 1000,
        duplicateWaitMs: 2000,
      },
    );
    const buy = async (lines: [string, number][], paymentToken: string) => {
      const userId = newId('usr');
      await new PostgresUserRepository(admin.db).create(
        {
          id: userId,
          email: `${userId.toLowerCase()}@example.com`,
          name: 'B',
          createdAt: new Date().toISOString(),
        },
        'x',
      );
      for (const [sku, quantity] of lines) await carts.add(userId, sku, quantity);
      return (await checkout.checkout({ userId, idempotencyKey: userId, paymentToken, ...SHIP_STANDARD }))
        .status;
    };
    expect(
      await buy(
        [
          [hat.variants[0]!.sku, 2],
          [mug.variants[0]!.sku, 1],
        ],
        'tok_visa',
      ),
    ).toBe(201);
    expect(await buy([[hat.variants[0]!.sku, 1]], 'tok_visa')).toBe(201);
    expect(await buy([[mug.variants[0]!.sku, 5]], 'tok_declined')).toBe(402);

    await refreshed();
    const expected = { views: 6, adds: 3, checkouts: 3, paid: 2 };
    for (const source of ['rollup', 'live']) {
      const answer = await get(ADMIN_ROUTES.funnel.path, `${RANGE}&source=${source}`);
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json()).toEqual({
        range: { from: today, to: tomorrow },
        source,
        readsFrom: admin.replicaUrl ? 'replica' : 'primary',
        items: [{ day: today, ...expected }],
        totals: expected,
      });
    }
    const csv = await get(ADMIN_ROUTES.funnelCsv.path);
    expect(csv.headers['content-disposition']).toContain(`funnel-${today}-${tomorrow}.csv`);
    expect(csv.body).toBe(`day,product_views,adds_to_cart,checkouts,paid\n${today},6,3,3,2\n`);

    // The category mix over the same orders: paid lines only, by the category each product had at checkout.
    const unit = (p: typeof hat) => p.variants[0]!.price.amount;
    const mix = [
      { categoryId: hats!.id, categoryName: hats!.name, orders: 2, units: 3, revenue: 3 * unit(hat) },
      { categoryId: mugs!.id, categoryName: mugs!.name, orders: 1, units: 1, revenue: unit(mug) },
    ].sort((a, b) => b.revenue - a.revenue);
    for (const source of ['rollup', 'live']) {
      const answer = await get(ADMIN_ROUTES.categoryMix.path, `${RANGE}&source=${source}`);
      expect(answer.json().items, source).toEqual(mix.map((m) => ({ ...m, currency: 'USD' })));
    }
    const categoriesCsv = await get(ADMIN_ROUTES.categoryMixCsv.path);
    expect(categoriesCsv.body.split('\n')[1]).toBe(
      [mix[0]!.categoryId, mix[0]!.categoryName, 'USD', mix[0]!.orders, mix[0]!.units, mix[0]!.revenue].join(
        ',',
      ),
    );
    for (const path of [ADMIN_ROUTES.topProductsCsv.path, ADMIN_ROUTES.customerMixCsv.path]) {
      const answer = await get(path);
      expect(answer.headers['content-type'], path).toMatch(/^text\/csv/);
      expect(answer.body.trim().split('\n').length, path).toBeGreaterThan(1);
    }
  });

  it('shows each service ready or not with its cache counters, the outbox, the replica lag and the rollups', async () => {
    const answer = await get(ADMIN_ROUTES.health.path, '');
    expect(answer.statusCode, answer.body).toBe(200);
    const health = answer.json();
    expect(health.services).toEqual([
      expect.objectContaining({
        name: 'orders',
        url: `${cached.url}/ready`,
        ready: true,
        cache: { hits: 3, misses: 1, hitRatio: 0.75 },
      }),
      expect.objectContaining({
        name: 'users',
        url: `${stoppedUrl}/ready`,
        ready: false,
        latencyMs: null,
        cache: null,
      }),
    ]);
    expect(health.services[1].detail).toMatch(/unreachable/);
    expect(health.cache).toEqual({ hits: 3, misses: 1, hitRatio: 0.75 });
    // The checkouts above wrote stock and order events that no relay has taken in this test.
    expect(health.outbox.pending).toBeGreaterThan(0);
    expect(health.outbox.oldestSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.now() - Date.parse(health.rollups.refreshedAt)).toBeLessThan(60_000);
    if (!control) {
      expect(health.replica).toEqual({ readsFrom: 'primary', lagSeconds: null, lagBytes: null });
      return;
    }
    expect(health.replica).toMatchObject({ readsFrom: 'replica', lagBytes: 0 });
    // Replay paused and the primary writing: the page shows the standby behind by bytes and seconds.
    await sql`select pg_wal_replay_pause()`.execute(control.db);
    try {
      await sql`insert into shopper_events values ('product_view', ${hat.id}, ${SESSION}, now())`.execute(
        admin.db,
      );
      await new Promise((r) => setTimeout(r, 1200));
      await sql`insert into shopper_events values ('product_view', ${hat.id}, ${SESSION}, now())`.execute(
        admin.db,
      );
      await new Promise((r) => setTimeout(r, 200));
      const behind = (await get(ADMIN_ROUTES.health.path, '')).json();
      expect(behind.replica.lagBytes).toBeGreaterThan(0);
      expect(behind.replica.lagSeconds).toBeGreaterThan(0);
    } finally {
      await sql`select pg_wal_replay_resume()`.execute(control.db);
    }
    await waitForReplay(admin.db, control.db);
    expect((await get(ADMIN_ROUTES.health.path, '')).json().replica).toMatchObject({
      lagBytes: 0,
      lagSeconds: 0,
    });
  });
});
