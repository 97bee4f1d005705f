import type { AdminRoute } from '../route-table.js';

export const ORDERS_ROUTES = {
  orders: { method: 'GET', path: '/admin/api/orders', permission: 'orders:read' },
  order: { method: 'GET', path: '/admin/api/orders/:id', permission: 'orders:read' },
  shipOrder: { method: 'POST', path: '/admin/api/orders/:id/ship', permission: 'orders:fulfil' },
  deliverOrder: { method: 'POST', path: '/admin/api/orders/:id/deliver', permission: 'orders:fulfil' },
  cancelOrder: { method: 'POST', path: '/admin/api/orders/:id/cancel', permission: 'orders:fulfil' },
  refundOrder: { method: 'POST', path: '/admin/api/orders/:id/refund', permission: 'orders:refund' },
} as const satisfies Record<string, AdminRoute>;
