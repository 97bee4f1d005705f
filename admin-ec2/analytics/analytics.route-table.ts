import type { AdminRoute } from '../route-table.js';

export const ANALYTICS_ROUTES = {
  sales: { method: 'GET', path: '/admin/api/analytics/sales', permission: 'analytics:read' },
  salesCsv: { method: 'GET', path: '/admin/api/analytics/sales.csv', permission: 'analytics:read' },
  topProducts: { method: 'GET', path: '/admin/api/analytics/top-products', permission: 'analytics:read' },
  topProductsCsv: {
    method: 'GET',
    path: '/admin/api/analytics/top-products.csv',
    permission: 'analytics:read',
  },
  customerMix: { method: 'GET', path: '/admin/api/analytics/customers', permission: 'analytics:read' },
  customerMixCsv: { method: 'GET', path: '/admin/api/analytics/customers.csv', permission: 'analytics:read' },
  funnel: { method: 'GET', path: '/admin/api/analytics/funnel', permission: 'analytics:read' },
  funnelCsv: { method: 'GET', path: '/admin/api/analytics/funnel.csv', permission: 'analytics:read' },
  categoryMix: { method: 'GET', path: '/admin/api/analytics/categories', permission: 'analytics:read' },
  categoryMixCsv: {
    method: 'GET',
    path: '/admin/api/analytics/categories.csv',
    permission: 'analytics:read',
  },
} as const satisfies Record<string, AdminRoute>;
