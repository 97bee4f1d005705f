import pg from 'pg';
import { connectPostgres, type PostgresHandle } from '../../adapters/postgres/connect.js';
import { migrateToLatest } from '../../adapters/postgres/migrate.js';

let counter = 0;

/** A migrated, empty database: PGlite in this process, or a fresh database on the server at `serverUrl`. */
export async function freshDatabase(serverUrl?: string): Promise<PostgresHandle & { url?: string }> {
  if (!serverUrl) {
    const handle = await connectPostgres({ kind: 'embedded' });
    await migrateToLatest(handle.db);
    return handle;
  }
  const name = `shop_test_${process.pid}_${Date.now()}_${++counter}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await connectPostgres({
    kind: 'server',
    url: url.toString(),
    maxConnections: 40,
    statementTimeoutMs: 15_000,
    applicationName: 'tests',
  });
  await migrateToLatest(handle.db);
  return {
    db: handle.db,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
