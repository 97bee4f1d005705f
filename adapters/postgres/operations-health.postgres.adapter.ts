import { type Kysely, sql } from 'kysely';
import * as z from 'zod/mini';
import type { Database } from './database.js';

const number = z.pipe(
  z.union([z.string(), z.number(), z.null()]),
  z.transform((v) => (v === null ? null : Number(v))),
);
const backlogRow = z.object({ pending: number, oldest_seconds: number });
const lagRow = z.object({ lag_seconds: number, lag_bytes: number });

/** Events written by a change and not yet relayed to their consumers (served by the outbox_unprocessed index). */
export async function outboxBacklog(primary: Kysely<Database>) {
  const { rows } = await sql`SELECT count(*) AS pending,
                                    extract(epoch FROM now() - min(created_at)) AS oldest_seconds
                               FROM outbox WHERE processed_at IS NULL`.execute(primary);
  const row = backlogRow.parse(rows[0]);
  return {
    pending: row.pending ?? 0,
    oldestSeconds: row.oldest_seconds === null ? null : Math.round(row.oldest_seconds),
  };
}

/**
 * How far the standby trails the primary: bytes of WAL the primary has written that the standby has not replayed,
 * and seconds since the newest transaction it replayed was committed (0 when it has replayed everything it
 * received: an idle primary is not a lagging replica).
 */
export async function replicaLag(primary: Kysely<Database>, replica: Kysely<Database>) {
  const written = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(primary);
  const { rows } =
    await sql`SELECT pg_wal_lsn_diff(${written.rows[0]!.lsn}::pg_lsn, pg_last_wal_replay_lsn()) AS lag_bytes,
           CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END AS lag_seconds`.execute(
      replica,
    );
  const row = lagRow.parse(rows[0]);
  return {
    lagSeconds: row.lag_seconds === null ? null : Math.round(row.lag_seconds * 10) / 10,
    lagBytes: row.lag_bytes === null ? null : Math.max(0, row.lag_bytes),
  };
}
