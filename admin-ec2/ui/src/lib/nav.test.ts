import { describe, expect, it } from 'vitest';
import type { AdminRole } from '../../../../domain/admin/roles.js';
import { navFor } from './nav';

const me = (role: AdminRole) => ({
  admin: { id: 'adm_1', email: 'a@b.c', name: 'A', role },
  analyticsReadFrom: 'primary' as const,
});
const labels = (role: AdminRole) => navFor(me(role)).map((item) => item.label);

describe('admin menu by role', () => {
  it('offers each role only the screens its permissions open, its home first', () => {
    expect(labels('owner')).toEqual([
      'Dashboard',
      'Orders',
      'Customers',
      'Products',
      'Categories',
      'Audit log',
      'Health',
    ]);
    expect(labels('catalog_manager')).toEqual(['Dashboard', 'Products', 'Categories', 'Health']);
    expect(labels('support')).toEqual(['Orders', 'Customers', 'Products', 'Categories', 'Health']);
  });

  it('offers nothing to no one', () => {
    expect(navFor(null)).toEqual([]);
    expect(navFor(undefined)).toEqual([]);
  });
});
