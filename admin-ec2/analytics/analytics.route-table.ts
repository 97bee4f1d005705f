import type { AdminRoute } from '../route-table.js';

export const ANALYTICS_ROUTES = {
  sales: { method: 'GET', path: '/admin/api/analytics/sales', permission: 'analytics:read' },
  salesCsv: { method: 'GET', path: '/admin/api/analytics/sales.csv', permission: 'analytics:read' },
  topProducts: { method: 'GET', path: '/admin/api/analytics/top-products', permission: 'analytics:read' },
  customerMix: { method: 'GET', path: '/admin/api/analytics/customers', permission: 'analytics:read' },
} as const satisfies Record<string, AdminRoute>;
