/**
 * npm run db:migrate: brings DATABASE_URL (the primary) to the latest schema, one line per migration applied. The admin
 * instance runs it before each start (ExecStartPre in its systemd unit): it is the one host inside the VPC that a
 * deploy already replaces, and the migrations are safe to run from several processes at once.
 */
import { connectPostgres } from '../adapters/postgres/connect.js';
import { migrateToLatest } from '../adapters/postgres/migrate.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: the primary to migrate, as postgres://user:password@host:5432/db');
  process.exit(2);
}
const handle = await connectPostgres({
  kind: 'server',
  url,
  maxConnections: 1,
  statementTimeoutMs: 15 * 60_000,
  applicationName: 'migrate',
});
try {
  const applied = await migrateToLatest(handle.db, (line) => console.log(line));
  console.log(applied === 0 ? 'schema is up to date' : `${applied} migration(s) applied`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
