import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.js';
import * as shippingAndTax from './0002-shipping-and-tax.js';

/** Migrations in order, bundled with the code (no directory scan, so they work inside a Lambda or ECS bundle). */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-shipping-and-tax': shippingAndTax,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
