/** What an admin can do, one permission per kind of screen or write. */
export const ADMIN_PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'orders:read',
  'orders:fulfil',
  'orders:refund',
  'customers:read',
  'analytics:read',
  'search:reindex',
  'health:read',
  'audit:read',
  'admins:manage',
] as const;
export type AdminPermission = (typeof ADMIN_PERMISSIONS)[number];

export const ADMIN_ROLES = ['owner', 'catalog_manager', 'support'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/**
 * The one table of who may do what. The owner may do everything. A catalog manager runs the catalog and sees how it
 * sells. Support serves customers: looks orders and customers up, ships and cancels, but moving money back (refunds)
 * and reading the audit trail stay with the owner.
 */
export const ROLE_PERMISSIONS: Readonly<Record<AdminRole, readonly AdminPermission[]>> = {
  owner: ADMIN_PERMISSIONS,
  catalog_manager: ['catalog:read', 'catalog:write', 'search:reindex', 'analytics:read', 'health:read'],
  support: ['catalog:read', 'orders:read', 'orders:fulfil', 'customers:read', 'health:read'],
};

export const isAdminRole = (value: string): value is AdminRole =>
  (ADMIN_ROLES as readonly string[]).includes(value);

export const can = (role: AdminRole, permission: AdminPermission): boolean =>
  ROLE_PERMISSIONS[role].includes(permission);
