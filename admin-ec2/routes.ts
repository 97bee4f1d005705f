import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { parseInput as parse } from '../adapters/http/problem.js';
import { identifyUser } from '../adapters/logs/request-context.js';
import type { AdminPermission } from '../domain/admin/roles.js';
import { auditEntry, type Guard } from './area.js';
import type { AdminContainer } from './container.js';
import { ADMIN_LOGIN_PATH, ADMIN_ROUTES, type AdminRoute } from './route-table.js';
import { pageSize } from './shared/query-schemas.js';
import { registerAdminUi } from './static.js';

export const ADMIN_SESSION_COOKIE = 'admin_session';
/** Readable by the admin UI, which sends it back in X-CSRF-Token; the server checks it against the session's hash. */
export const ADMIN_CSRF_COOKIE = 'admin_csrf';

const loginBody = z.object({
  email: z.string().check(z.minLength(3), z.maxLength(254)),
  password: z.string().check(z.minLength(1), z.maxLength(200)),
  code: z.string().check(z.regex(/^\s*\d{3}\s?\d{3}\s*$/, 'the 6-digit code from your authenticator app')),
});
const auditQuery = z.object({
  adminId: z.optional(z.string().check(z.maxLength(40))),
  action: z.optional(z.string().check(z.maxLength(60))),
  targetType: z.optional(z.string().check(z.maxLength(40))),
  targetId: z.optional(z.string().check(z.maxLength(60))),
  cursor: z.optional(z.string().check(z.regex(/^aud_[0-9A-HJKMNP-TV-Z]{26}$/, 'a cursor this API returned'))),
  limit: pageSize(50),
});

/** The admin API: login (password + TOTP), then every route checked against the role table and, for writes, CSRF. */
export function adminRoutes(container: AdminContainer, secureCookies: boolean) {
  const cookie = { path: '/admin', sameSite: 'strict' as const, secure: secureCookies };

  return (app: FastifyInstance) => {
    const guarded: Guard = (route: AdminRoute, handler) =>
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
          identifyUser(admin.id);
          reply.header('cache-control', 'no-store');
          return handler(request, reply, admin);
        },
      });

    app.post(ADMIN_LOGIN_PATH, async (request, reply) => {
      const body = parse(loginBody, request.body, 'body');
      const session = await container.auth.login({ ...body, ip: request.ip });
      await container.audit.record(
        auditEntry(session.admin, {
          action: 'admin.login',
          targetType: 'admin',
          targetId: session.admin.id,
          before: null,
          after: { ip: request.ip },
        }),
      );
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

    guarded(ADMIN_ROUTES.audit, async (request) => {
      const { cursor, limit, ...filter } = parse(auditQuery, request.query, 'query');
      return container.audit.list(filter, limit, cursor);
    });

    for (const area of container.areas) area.register(app, guarded);
    registerAdminUi(app, container.config);
  };
}
