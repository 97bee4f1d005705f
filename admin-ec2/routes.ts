import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { parseInput as parse } from '../adapters/http/problem.js';
import type { Admin } from '../domain/admin/admin.js';
import type { AdminPermission } from '../domain/admin/roles.js';
import { averageOrderValue, isDayRange } from '../domain/analytics/sales.js';
import { invalid } from '../domain/shared/errors.js';
import { newId } from '../domain/shared/ids.js';
import type { AdminContainer } from './container.js';
import { ADMIN_LOGIN_PATH, ADMIN_ROUTES, type AdminRoute } from './route-table.js';

export const ADMIN_SESSION_COOKIE = 'admin_session';
/** Readable by the admin UI, which sends it back in X-CSRF-Token; the server checks it against the session's hash. */
export const ADMIN_CSRF_COOKIE = 'admin_csrf';

const loginBody = z.object({
  email: z.string().check(z.minLength(3), z.maxLength(254)),
  password: z.string().check(z.minLength(1), z.maxLength(200)),
  code: z.string().check(z.regex(/^\s*\d{3}\s?\d{3}\s*$/, 'the 6-digit code from your authenticator app')),
});
const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'));
/** A page size in the query: 1 to 100. */
const limit = (fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/)),
      z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(100))),
    ),
    fallback,
  );
const source = z._default(z.enum(['rollup', 'live']), 'rollup');
const salesQuery = z.object({ from: day, to: day, source });
const topProductsQuery = z.object({
  from: day,
  to: day,
  source,
  limit: limit(10),
});
const auditQuery = z.object({
  adminId: z.optional(z.string().check(z.maxLength(40))),
  action: z.optional(z.string().check(z.maxLength(60))),
  targetType: z.optional(z.string().check(z.maxLength(40))),
  targetId: z.optional(z.string().check(z.maxLength(60))),
  cursor: z.optional(z.string().check(z.regex(/^aud_[0-9A-HJKMNP-TV-Z]{26}$/, 'a cursor this API returned'))),
  limit: limit(50),
});

/** The admin API: login (password + TOTP), then every route checked against the role table and, for writes, CSRF. */
export function adminRoutes(container: AdminContainer, secureCookies: boolean) {
  const cookie = { path: '/admin', sameSite: 'strict' as const, secure: secureCookies };

  return (app: FastifyInstance) => {
    const guarded = (
      route: AdminRoute,
      handler: (request: FastifyRequest, reply: FastifyReply, admin: Admin) => Promise<unknown>,
    ) =>
      app.route({
        method: route.method,
        url: route.path,
        handler: async (request, reply) => {
          const csrf = request.headers['x-csrf-token'];
          const admin = await container.auth.authorize(
            request.cookies[ADMIN_SESSION_COOKIE],
            route.permission as AdminPermission | null,
            route.method === 'GET' ? undefined : { csrfToken: typeof csrf === 'string' ? csrf : undefined },
          );
          reply.header('cache-control', 'no-store');
          return handler(request, reply, admin);
        },
      });

    app.post(ADMIN_LOGIN_PATH, async (request, reply) => {
      const body = parse(loginBody, request.body, 'body');
      const session = await container.auth.login({ ...body, ip: request.ip });
      await container.audit.record({
        id: newId('aud'),
        adminId: session.admin.id,
        adminEmail: session.admin.email,
        action: 'admin.login',
        targetType: 'admin',
        targetId: session.admin.id,
        before: null,
        after: { ip: request.ip },
        at: new Date().toISOString(),
      });
      const expires = new Date(session.expiresAt);
      reply.setCookie(ADMIN_SESSION_COOKIE, session.token, { ...cookie, httpOnly: true, expires });
      reply.setCookie(ADMIN_CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false, expires });
      return reply
        .header('cache-control', 'no-store')
        .send({ admin: session.admin, csrfToken: session.csrfToken });
    });

    guarded(ADMIN_ROUTES.me, async (_request, _reply, admin) => ({
      admin,
      analyticsReadFrom: container.readsFrom,
    }));

    guarded(ADMIN_ROUTES.logout, async (request, reply) => {
      await container.auth.logout(request.cookies[ADMIN_SESSION_COOKIE]!);
      reply.clearCookie(ADMIN_SESSION_COOKIE, cookie).clearCookie(ADMIN_CSRF_COOKIE, cookie);
      return reply.status(204).send();
    });

    const checkRange = (range: { from: string; to: string }) => {
      if (!isDayRange(range))
        throw invalid('ANALYTICS.BAD_RANGE', 'from must be a day before to', [
          { path: 'query.to', message: 'after from' },
        ]);
    };

    const salesReport = async (request: FastifyRequest) => {
      const query = parse(salesQuery, request.query, 'query');
      checkRange(query);
      const items = (await container.sales.salesByDay(query, query.source)).map((d) => ({
        ...d,
        averageOrderValue: averageOrderValue(d),
      }));
      const orders = items.reduce((n, d) => n + d.orders, 0);
      const revenue = items.reduce((n, d) => n + d.revenue, 0);
      return {
        range: { from: query.from, to: query.to },
        source: query.source,
        readsFrom: container.readsFrom,
        items,
        totals: { orders, revenue, averageOrderValue: averageOrderValue({ orders, revenue }) },
      };
    };

    guarded(ADMIN_ROUTES.sales, (request) => salesReport(request));

    guarded(ADMIN_ROUTES.salesCsv, async (request, reply) => {
      const report = await salesReport(request);
      const lines = [
        'day,currency,orders,revenue_minor_units,average_order_value_minor_units,customers',
        ...report.items.map((d) =>
          [d.day, d.currency, d.orders, d.revenue, d.averageOrderValue, d.customers].join(','),
        ),
      ];
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="sales-${report.range.from}-${report.range.to}.csv"`,
        )
        .send(`${lines.join('\n')}\n`);
    });

    guarded(ADMIN_ROUTES.topProducts, async (request) => {
      const query = parse(topProductsQuery, request.query, 'query');
      checkRange(query);
      const items = await container.sales.topProducts(query, query.limit, query.source);
      return {
        range: { from: query.from, to: query.to },
        source: query.source,
        readsFrom: container.readsFrom,
        items,
      };
    });

    guarded(ADMIN_ROUTES.customerMix, async (request) => {
      const query = parse(salesQuery, request.query, 'query');
      checkRange(query);
      const items = await container.sales.customerMix(query, query.source);
      return {
        range: { from: query.from, to: query.to },
        source: query.source,
        readsFrom: container.readsFrom,
        items,
      };
    });

    guarded(ADMIN_ROUTES.audit, async (request) => {
      const { cursor, limit, ...filter } = parse(auditQuery, request.query, 'query');
      return container.audit.list(filter, limit, cursor);
    });
  };
}
