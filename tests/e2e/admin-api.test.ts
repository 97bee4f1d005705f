import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../admin-ec2/route-table.js';
import { ADMIN_SESSION_COOKIE } from '../../admin-ec2/routes.js';
import { ADMIN_ROLES, type AdminRole, can } from '../../domain/admin/roles.js';
import { type AdminApp, ADMIN_TEST_PASSWORD as PASSWORD, startAdminApp } from '../support/admin-app.js';

type Identity = AdminRole | 'no session' | 'shopper session';
const IDENTITIES: Identity[] = [...ADMIN_ROLES, 'no session', 'shopper session'];

/**
 * The admin API over HTTP on the chassis: every route x every role (and no session, and a shopper's cookie) from the
 * route table, CSRF on writes, bad input. On PostgreSQL + its replica in CI, on PGlite elsewhere.
 */
describe('admin API: role matrix, CSRF, analytics', () => {
  let admin: AdminApp;
  let app: FastifyInstance;
  let cookies: AdminApp['sessions'];

  beforeAll(async () => {
    admin = await startAdminApp();
    app = admin.app;
    cookies = admin.sessions;
  }, 120_000);
  afterAll(() => admin?.close());

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
