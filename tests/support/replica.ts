import { type Kysely, sql } from 'kysely';
import { connectPostgres, type PostgresHandle } from '../../adapters/postgres/connect.js';
import type { Database } from '../../adapters/postgres/database.js';

/** `replicaUrl` (the standby's server) pointed at the database of `primaryUrl`. */
export const replicaUrlFor = (replicaUrl: string, primaryUrl: string): string => {
  const url = new URL(replicaUrl);
  url.pathname = new URL(primaryUrl).pathname;
  return url.toString();
};

/**
 * A read-only connection to the standby's copy of the primary's database, once the standby has it: a new database
 * reaches the standby by WAL like everything else, so connecting is retried.
 */
export async function connectReplicaOf(
  replicaUrl: string,
  primaryUrl: string,
  readOnly = true,
): Promise<PostgresHandle> {
  for (let i = 0; ; i++) {
    let handle: PostgresHandle | undefined;
    try {
      handle = await connectPostgres({
        kind: 'server',
        url: replicaUrlFor(replicaUrl, primaryUrl),
        maxConnections: 2,
        statementTimeoutMs: 5000,
        applicationName: 'analytics-test',
        readOnly,
      });
      await sql`select 1`.execute(handle.db);
      return handle;
    } catch (error) {
      await handle?.close().catch(() => {});
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Waits until the standby (any connection to it) has replayed everything the primary wrote so far. Connecting only
 * proves a database arrived, not its tables or rows.
 */
export async function waitForReplay(primary: Kysely<Database>, standby: Kysely<Database>): Promise<void> {
  const written = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary);
  for (let i = 0; ; i++) {
    const behind = await sql<{ behind: boolean }>`
      select pg_last_wal_replay_lsn() < ${written.rows[0]!.lsn}::pg_lsn as behind`.execute(standby);
    if (!behind.rows[0]!.behind) return;
    if (i > 200) throw new Error('the replica did not catch up with the primary within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}
