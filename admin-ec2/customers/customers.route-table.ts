import type { AdminRoute } from '../route-table.js';

export const CUSTOMERS_ROUTES = {
  customers: { method: 'GET', path: '/admin/api/customers', permission: 'customers:read' },
  customer: { method: 'GET', path: '/admin/api/customers/:id', permission: 'customers:read' },
} as const satisfies Record<string, AdminRoute>;
