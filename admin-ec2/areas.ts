import { analyticsArea } from './analytics/analytics.area.js';
import type { AdminAreaFactory } from './area.js';
import { catalogArea } from './catalog/catalog.area.js';

/** Every area of the admin, in the order their routes register. */
export const ADMIN_AREAS: readonly AdminAreaFactory[] = [analyticsArea, catalogArea];
