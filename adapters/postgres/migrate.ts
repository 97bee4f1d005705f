import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Database } from './database.js';
import { migrationProvider } from './migrations/index.js';

/** Brings the schema to the latest migration; reports each one applied. Safe to run from several processes. */
export async function migrateToLatest(
  db: Kysely<Database>,
  report: (line: string) => void = () => {},
): Promise<number> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) report(`migration ${result.migrationName}: ${result.status.toLowerCase()}`);
  if (error) throw new Error(`database migration failed: ${(error as Error).message ?? String(error)}`);
  return results.filter((r) => r.status === 'Success').length;
}
