import type { Me } from '../api/types';
import { SCREENS, type ScreenName } from '../screens';
import { allowed } from './session';

const NAV: { screen: ScreenName; label: string }[] = [
  { screen: 'dashboard', label: 'Dashboard' },
  { screen: 'orders', label: 'Orders' },
  { screen: 'customers', label: 'Customers' },
  { screen: 'products', label: 'Products' },
  { screen: 'categories', label: 'Categories' },
  { screen: 'audit', label: 'Audit log' },
  { screen: 'health', label: 'Health' },
];

/**
 * The screens this admin's role may open, in menu order (the first is the role's home: support starts at the orders):
 * the menu never offers what the role cannot do.
 */
export const navFor = (me: Me | null | undefined) =>
  NAV.filter((item) => allowed(me, SCREENS[item.screen].permission));
