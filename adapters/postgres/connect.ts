import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { reportDatabaseGoneAsUnavailable } from './database-unavailable.js';

/** Where PostgreSQL is: a server (RDS/Aurora, or local), PGlite in this process, or the RDS Data API. */
export type PostgresTarget =
  | {
      kind: 'server';
      url: string;
      maxConnections: number;
      statementTimeoutMs: number;
      applicationName: string;
      /** Every transaction read-only (the analytics connection to the replica: a write there is a bug, refused). */
      readOnly?: boolean;
    }
  | { kind: 'embedded'; dataDir?: string }
  | {
      kind: 'data-api';
      resourceArn: string;
      secretArn: string;
      database: string;
      /** A client of the caller's (an endpoint, fewer attempts); the default is `createDataApiClient()`. */
      client?: RDSDataClient;
    };

export interface PostgresHandle {
  db: Kysely<Database>;
  close(): Promise<void>;
}

// bigint (int8) columns hold money in minor units; they fit a JS number far beyond any order total.
pg.types.setTypeParser(20, (value) => value);

/** Opens a bounded pool (or an embedded engine) behind one Kysely type. */
export async function connectPostgres(target: PostgresTarget): Promise<PostgresHandle> {
  switch (target.kind) {
    case 'server': {
      const pool = new pg.Pool({
        connectionString: target.url,
        max: target.maxConnections,
        connectionTimeoutMillis: 5000,
        idleTimeoutMillis: 30_000,
        statement_timeout: target.statementTimeoutMs,
        application_name: target.applicationName,
        ...(target.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
      });
      pool.on('error', () => {}); // idle client errors surface on the next checkout
      // A checked-out client whose server goes away (a restart, a failover: 57P01 between two statements of a
      // transaction) emits 'error' too, which without a listener ends the process; its next query fails instead,
      // and the pool drops it when it is released.
      pool.on('connect', (client) => client.on('error', () => {}));
      const db = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: reportDatabaseGoneAsUnavailable(pool) }),
      });
      return { db, close: () => db.destroy() };
    }
    case 'embedded': {
      // Loaded only when used: services and Lambdas never ship the WASM engine or the Data API client.
      const { PGlite } = await import('@electric-sql/pglite');
      const pglite = await PGlite.create(target.dataDir);
      const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
      return { db, close: () => db.destroy() };
    }
    case 'data-api': {
      const { createDataApiClient } = await import('./data-api-client.js');
      const { DataApiDialect } = await import('./data-api-dialect.js');
      const client = target.client ?? createDataApiClient();
      const db = new Kysely<Database>({
        dialect: new DataApiDialect({
          client,
          database: target.database,
          resourceArn: target.resourceArn,
          secretArn: target.secretArn,
        }),
      });
      return { db, close: () => db.destroy().finally(() => client.destroy()) };
    }
  }
}
