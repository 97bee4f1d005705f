import type { AdminRoute } from '../route-table.js';

export const SEARCH_ROUTES = {
  reindexStatus: { method: 'GET', path: '/admin/api/search/reindex', permission: 'search:reindex' },
  reindex: { method: 'POST', path: '/admin/api/search/reindex', permission: 'search:reindex' },
} as const satisfies Record<string, AdminRoute>;
