import type { AdminPermission } from '../../../domain/admin/roles.js';

/**
 * Every screen of the admin UI, by path and the permission it needs to show. The UI routes on these, and the
 * server answers each path with index.html so a deep link (a bookmarked order) opens on its screen.
 */
export const SCREENS = {
  dashboard: { path: '/admin/', permission: 'analytics:read' },
  login: { path: '/admin/login', permission: null },
  products: { path: '/admin/products', permission: 'catalog:read' },
  newProduct: { path: '/admin/products/new', permission: 'catalog:write' },
  product: { path: '/admin/products/:id', permission: 'catalog:read' },
  categories: { path: '/admin/categories', permission: 'catalog:read' },
  orders: { path: '/admin/orders', permission: 'orders:read' },
  order: { path: '/admin/orders/:id', permission: 'orders:read' },
  customers: { path: '/admin/customers', permission: 'customers:read' },
  customer: { path: '/admin/customers/:id', permission: 'customers:read' },
  audit: { path: '/admin/audit', permission: 'audit:read' },
  health: { path: '/admin/health', permission: 'health:read' },
} as const satisfies Record<string, { path: string; permission: AdminPermission | null }>;

export type ScreenName = keyof typeof SCREENS;
