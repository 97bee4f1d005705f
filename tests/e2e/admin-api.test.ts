import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { Kysely, PGliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Argon2PasswordHasher } from '../../adapters/crypto/argon2.password-hasher.js';
import { createServiceApp } from '../../adapters/http/chassis/server.js';
import { createLogger } from '../../adapters/logs/logger.js';
import { PostgresAdminRepository } from '../../adapters/postgres/admin.postgres.adapter.js';
import type { Database } from '../../adapters/postgres/database.js';
import { migrateToLatest } from '../../adapters/postgres/migrate.js';
import { readAdminConfig } from '../../admin-ec2/config.js';
import { buildAdminContainer } from '../../admin-ec2/container.js';
import { ADMIN_ROUTES } from '../../admin-ec2/route-table.js';
import { ADMIN_CSRF_COOKIE, ADMIN_SESSION_COOKIE, adminRoutes } from '../../admin-ec2/routes.js';
import { ADMIN_ROLES, type AdminRole, can } from '../../domain/admin/roles.js';
import { newTotpSecret, totpCode } from '../../domain/admin/totp.js';
import { newId } from '../../domain/shared/ids.js';
import { PgliteServer } from '../../local/pglite-server.js';
import { freePort } from '../support/free-port.js';
import { freshDatabase } from '../support/postgres.js';

const PASSWORD = 'admin-password-1';
type Identity = AdminRole | 'no session' | 'shopper session';
const IDENTITIES: Identity[] = [...ADMIN_ROLES, 'no session', 'shopper session'];

/**
 * The admin API over HTTP on the chassis: every route x every role (and no session, and a shopper's cookie) from the
 * route table, CSRF on writes, bad input. On PostgreSQL + its replica in CI, on PGlite elsewhere.
 */
describe('admin API: role matrix, CSRF, analytics', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let container: Awaited<ReturnType<typeof buildAdminContainer>>;
  const cookies = new Map<AdminRole, { session: string; csrf: string }>();

  beforeAll(async () => {
    let databaseUrl: string;
    let replicaUrl: string | undefined;
    let db: Kysely<Database>;
    const stops: (() => Promise<void>)[] = [];
    if (process.env.DATABASE_URL) {
      const primary = await freshDatabase(process.env.DATABASE_URL);
      databaseUrl = primary.url!;
      db = primary.db;
      stops.push(() => primary.close());
      if (process.env.REPLICA_DATABASE_URL) {
        const replica = new URL(process.env.REPLICA_DATABASE_URL);
        replica.pathname = new URL(databaseUrl).pathname;
        replicaUrl = replica.toString();
      }
    } else {
      const pglite = await PGlite.create();
      db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
      await migrateToLatest(db);
      const port = await freePort();
      const server = new PgliteServer(pglite, { port, maxConnections: 20 });
      await server.start();
      stops.push(async () => {
        await server.stop();
        await pglite.close();
      });
      databaseUrl = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    }
    const hasher = new Argon2PasswordHasher({ memoryCost: 8_192, timeCost: 1 });
    const admins = new PostgresAdminRepository(db);
    const secrets = new Map<AdminRole, string>();
    for (const role of ADMIN_ROLES) {
      const secret = newTotpSecret();
      secrets.set(role, secret);
      await admins.create(
        {
          id: newId('adm'),
          email: `${role}@admin.local`,
          name: role,
          role,
          createdAt: new Date().toISOString(),
        },
        await hasher.hash(PASSWORD),
        secret,
      );
    }
    // The replica may need a moment to receive the database and its admins.
    const config = readAdminConfig({
      STAGE: 'ci',
      DATABASE_URL: databaseUrl,
      ...(replicaUrl ? { REPLICA_DATABASE_URL: replicaUrl } : {}),
      SECURE_COOKIES: 'false',
      TRUSTED_PROXY_HOPS: '0',
    });
    const logger = createLogger({ service: 'admin-test', level: 'error' });
    for (let i = 0; ; i++) {
      try {
        container = await buildAdminContainer(config, logger);
        await container.ready();
        break;
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    app = await createServiceApp({
      name: 'admin',
      logger,
      ready: () => container.ready(),
      routes: adminRoutes(container, false),
      trustedProxyHops: 0,
    });
    close = async () => {
      await app.close();
      await container.close();
      for (const stop of stops.reverse()) await stop();
    };
    for (const role of ADMIN_ROLES) {
      const answer = await app.inject({
        method: 'POST',
        url: '/admin/api/login',
        payload: {
          email: `${role}@admin.local`,
          password: PASSWORD,
          code: totpCode(secrets.get(role)!, Date.now()),
        },
      });
      expect(answer.statusCode, answer.body).toBe(200);
      const jar = Object.fromEntries(answer.cookies.map((c) => [c.name, c]));
      expect(jar[ADMIN_SESSION_COOKIE]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
      expect(jar[ADMIN_CSRF_COOKIE]!.httpOnly).toBeFalsy();
      cookies.set(role, { session: jar[ADMIN_SESSION_COOKIE]!.value, csrf: jar[ADMIN_CSRF_COOKIE]!.value });
    }
  }, 120_000);
  afterAll(() => close?.());

  const send = (identity: Identity, route: { method: string; path: string }, csrf = true) => {
    const own = ADMIN_ROLES.includes(identity as AdminRole) ? cookies.get(identity as AdminRole) : undefined;
    const headers: Record<string, string> = {};
    if (own) headers.cookie = `${ADMIN_SESSION_COOKIE}=${own.session}`;
    if (identity === 'shopper session') headers.cookie = 'session=a-shoppers-session-token';
    if (own && csrf && route.method !== 'GET') headers['x-csrf-token'] = own.csrf;
    const query = route.path.includes('analytics') ? '?from=2026-01-01&to=2026-02-01' : '';
    // Path parameters get an id nothing has: the matrix is about who may ask, not what is there.
    const path = route.path.replace(/:[a-zA-Z]+/g, 'unknown-id');
    return app.inject({ method: route.method as 'GET', url: `${path}${query}`, headers });
  };

  const cases = Object.entries(ADMIN_ROUTES)
    .filter(([name]) => name !== 'logout')
    .flatMap(([name, route]) => IDENTITIES.map((identity) => ({ name, route, identity })));

  it.each(cases)('$route.method $route.path as $identity', async ({ route, identity }) => {
    const answer = await send(identity, route);
    const refused =
      identity === 'no session' || identity === 'shopper session'
        ? 401
        : route.permission === null || can(identity, route.permission)
          ? null
          : 403;
    if (refused === null) {
      // Allowed: past the guard, so whatever the route says of the (empty or unknown) input, never a refusal or a 5xx.
      expect([401, 403], answer.body).not.toContain(answer.statusCode);
      expect(answer.statusCode, answer.body).toBeLessThan(500);
      if (route.method === 'GET' && !route.path.includes(':'))
        expect(answer.statusCode, answer.body).toBe(200);
    } else {
      expect(answer.statusCode, answer.body).toBe(refused);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('refuses a write without the CSRF token (403) and keeps the session; with it, logs out', async () => {
    const logout = ADMIN_ROUTES.logout;
    const refused = await send('support', logout, false);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ADMIN.CSRF' });
    expect((await send('support', ADMIN_ROUTES.me)).statusCode).toBe(200);
    expect((await send('support', logout)).statusCode).toBe(204);
    expect((await send('support', ADMIN_ROUTES.me)).statusCode).toBe(401);
  });

  it('answers sales by day with totals and says where analytics read from, and exports CSV', async () => {
    const sales = await send('owner', ADMIN_ROUTES.sales);
    expect(sales.json()).toMatchObject({
      range: { from: '2026-01-01', to: '2026-02-01' },
      source: 'rollup',
      readsFrom: process.env.REPLICA_DATABASE_URL && process.env.DATABASE_URL ? 'replica' : 'primary',
      items: [],
      totals: { orders: 0, revenue: 0, averageOrderValue: 0 },
    });
    const csv = await send('owner', ADMIN_ROUTES.salesCsv);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\n')[0]).toBe(
      'day,currency,orders,revenue_minor_units,average_order_value_minor_units,customers',
    );
  });

  it('refuses bad input with a 400 naming the field, and a wrong login with one 401', async () => {
    const owner = cookies.get('owner')!;
    const headers = { cookie: `${ADMIN_SESSION_COOKIE}=${owner.session}` };
    for (const query of ['from=2026-02-01&to=2026-01-01', 'from=nope&to=2026-01-01', 'to=2026-01-01']) {
      const answer = await app.inject({ url: `/admin/api/analytics/sales?${query}`, headers });
      expect(answer.statusCode, query).toBe(400);
    }
    expect((await app.inject({ url: '/admin/api/audit?limit=1000', headers })).statusCode).toBe(400);
    const wrong = await app.inject({
      method: 'POST',
      url: '/admin/api/login',
      payload: { email: 'owner@admin.local', password: PASSWORD, code: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('writes an audit row for every login, which the owner can filter', async () => {
    const answer = await app.inject({
      url: '/admin/api/audit?action=admin.login',
      headers: { cookie: `${ADMIN_SESSION_COOKIE}=${cookies.get('owner')!.session}` },
    });
    const { items } = answer.json() as { items: { adminEmail: string }[] };
    expect(items.map((i) => i.adminEmail).sort()).toEqual(ADMIN_ROLES.map((r) => `${r}@admin.local`).sort());
  });
});
