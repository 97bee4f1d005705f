import type { AdminRoute } from '../route-table.js';

export const CATALOG_ROUTES = {
  products: { method: 'GET', path: '/admin/api/products', permission: 'catalog:read' },
  product: { method: 'GET', path: '/admin/api/products/:id', permission: 'catalog:read' },
  createProduct: { method: 'POST', path: '/admin/api/products', permission: 'catalog:write' },
  editProduct: { method: 'PATCH', path: '/admin/api/products/:id', permission: 'catalog:write' },
  archiveProduct: { method: 'POST', path: '/admin/api/products/:id/archive', permission: 'catalog:write' },
  adjustStock: { method: 'POST', path: '/admin/api/stock-adjustments', permission: 'catalog:write' },
  productImage: { method: 'POST', path: '/admin/api/product-images', permission: 'catalog:write' },
  categories: { method: 'GET', path: '/admin/api/categories', permission: 'catalog:read' },
  createCategory: { method: 'POST', path: '/admin/api/categories', permission: 'catalog:write' },
  editCategory: { method: 'PATCH', path: '/admin/api/categories/:id', permission: 'catalog:write' },
} as const satisfies Record<string, AdminRoute>;
