import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTE_TABLES, ADMIN_ROUTES } from './route-table.js';

describe('admin route table', () => {
  it('keeps every area route: no name and no method + path given twice', () => {
    const names = ADMIN_ROUTE_TABLES.flatMap((table) => Object.keys(table));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    const routes = ADMIN_ROUTE_TABLES.flatMap((table) => Object.values(table)).map(
      (r) => `${r.method} ${r.path}`,
    );
    expect(routes.filter((route, i) => routes.indexOf(route) !== i)).toEqual([]);
    expect(Object.keys(ADMIN_ROUTES)).toHaveLength(names.length);
  });

  it('serves every route under /admin/api, where the session cookie is sent', () => {
    for (const route of Object.values(ADMIN_ROUTES)) expect(route.path).toMatch(/^\/admin\/api\//);
  });
});
