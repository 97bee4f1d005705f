import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.js';
import * as shippingAndTax from './0002-shipping-and-tax.js';
import * as admin from './0003-admin.js';
import * as salesRollup from './0004-sales-rollup.js';
import * as productAndCustomerRollups from './0005-product-and-customer-rollups.js';
import * as fulfilment from './0007-fulfilment.js';
import * as funnelAndCategoryMix from './0008-funnel-and-category-mix.js';
import * as soldOrdersInReports from './0009-sold-orders-in-reports.js';

/** Migrations in order, bundled with the code (no directory scan, so they work inside a Lambda or ECS bundle). */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-shipping-and-tax': shippingAndTax,
  '0003-admin': admin,
  '0004-sales-rollup': salesRollup,
  '0005-product-and-customer-rollups': productAndCustomerRollups,
  '0007-fulfilment': fulfilment,
  '0008-funnel-and-category-mix': funnelAndCategoryMix,
  '0009-sold-orders-in-reports': soldOrdersInReports,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
