import type { AdminRoute } from '../route-table.js';

export const HEALTH_ROUTES = {
  health: { method: 'GET', path: '/admin/api/health', permission: 'health:read' },
} as const satisfies Record<string, AdminRoute>;
