import { analyticsArea } from './analytics/analytics.area.js';
import type { AdminAreaFactory } from './area.js';
import { catalogArea } from './catalog/catalog.area.js';
import { customersArea } from './customers/customers.area.js';
import { healthArea } from './health/health.area.js';
import { ordersArea } from './orders/orders.area.js';
import { searchArea } from './search/search.area.js';

/** Every area of the admin, in the order their routes register. */
export const ADMIN_AREAS: readonly AdminAreaFactory[] = [
  analyticsArea,
  catalogArea,
  ordersArea,
  customersArea,
  healthArea,
  searchArea,
];
