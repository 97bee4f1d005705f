import type { AdminPermission } from '../domain/admin/roles.js';
import { ANALYTICS_ROUTES } from './analytics/analytics.route-table.js';
import { CATALOG_ROUTES } from './catalog/catalog.route-table.js';
import { CUSTOMERS_ROUTES } from './customers/customers.route-table.js';
import { HEALTH_ROUTES } from './health/health.route-table.js';
import { ORDERS_ROUTES } from './orders/orders.route-table.js';
import { SEARCH_ROUTES } from './search/search.route-table.js';

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** null: any signed-in admin. */
  permission: AdminPermission | null;
}

const SESSION_ROUTES = {
  me: { method: 'GET', path: '/admin/api/me', permission: null },
  logout: { method: 'POST', path: '/admin/api/logout', permission: null },
  audit: { method: 'GET', path: '/admin/api/audit', permission: 'audit:read' },
} as const satisfies Record<string, AdminRoute>;

/**
 * Every admin API route and the permission it needs: the routes are registered from these tables (one per area) and
 * the role-matrix test is generated from them, so a route cannot exist without a decision about who may call it.
 * Writes (anything but GET) also need the session's CSRF token.
 */
export const ADMIN_ROUTES = {
  ...SESSION_ROUTES,
  ...ANALYTICS_ROUTES,
  ...ORDERS_ROUTES,
  ...CUSTOMERS_ROUTES,
  ...CATALOG_ROUTES,
  ...HEALTH_ROUTES,
  ...SEARCH_ROUTES,
} as const satisfies Record<string, AdminRoute>;

/** The tables ADMIN_ROUTES is made of: a key two areas share would silently drop a route from the matrix. */
export const ADMIN_ROUTE_TABLES: readonly Record<string, AdminRoute>[] = [
  SESSION_ROUTES,
  ANALYTICS_ROUTES,
  ORDERS_ROUTES,
  CUSTOMERS_ROUTES,
  CATALOG_ROUTES,
  HEALTH_ROUTES,
  SEARCH_ROUTES,
];

/** Public: the login itself. */
export const ADMIN_LOGIN_PATH = '/admin/api/login';
