import type { AdminPermission } from '../domain/admin/roles.js';

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** null: any signed-in admin. */
  permission: AdminPermission | null;
}

/**
 * Every admin API route and the permission it needs: the routes are registered from this table and the role-matrix
 * test is generated from it, so a route cannot exist without a decision about who may call it. Writes (anything but
 * GET) also need the session's CSRF token.
 */
export const ADMIN_ROUTES = {
  me: { method: 'GET', path: '/admin/api/me', permission: null },
  logout: { method: 'POST', path: '/admin/api/logout', permission: null },
  sales: { method: 'GET', path: '/admin/api/analytics/sales', permission: 'analytics:read' },
  salesCsv: { method: 'GET', path: '/admin/api/analytics/sales.csv', permission: 'analytics:read' },
  topProducts: { method: 'GET', path: '/admin/api/analytics/top-products', permission: 'analytics:read' },
  customerMix: { method: 'GET', path: '/admin/api/analytics/customers', permission: 'analytics:read' },
  audit: { method: 'GET', path: '/admin/api/audit', permission: 'audit:read' },
} as const satisfies Record<string, AdminRoute>;

/** Public: the login itself. */
export const ADMIN_LOGIN_PATH = '/admin/api/login';
