import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type RDSDataClient,
  RollbackTransactionCommand,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';

export interface DataApiSettings {
  client: RDSDataClient;
  resourceArn: string;
  secretArn: string;
  database: string;
}

/** Kysely's `$1` placeholders become the Data API's named `:p1` parameters, typed as the API wants them. */
export function toDataApiStatement(query: CompiledQuery): { sql: string; parameters: SqlParameter[] } {
  const sql = query.sql.replace(/\$(\d+)/g, ':p$1');
  const parameters = query.parameters.map((value, index): SqlParameter => {
    const name = `p${index + 1}`;
    if (value === null || value === undefined) return { name, value: { isNull: true } };
    if (typeof value === 'boolean') return { name, value: { booleanValue: value } };
    if (typeof value === 'number')
      return Number.isInteger(value)
        ? { name, value: { longValue: value } }
        : { name, value: { doubleValue: value } };
    if (value instanceof Date)
      return { name, value: { stringValue: value.toISOString() }, typeHint: 'TIMESTAMP' };
    return { name, value: { stringValue: String(value) } };
  });
  return { sql, parameters };
}

class DataApiConnection implements DatabaseConnection {
  transactionId: string | undefined;
  constructor(private readonly settings: DataApiSettings) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = toDataApiStatement(query);
    const result = await this.settings.client.send(
      new ExecuteStatementCommand({
        resourceArn: this.settings.resourceArn,
        secretArn: this.settings.secretArn,
        database: this.settings.database,
        sql,
        parameters,
        transactionId: this.transactionId,
        formatRecordsAs: 'JSON',
      }),
    );
    const rows = result.formattedRecords ? (JSON.parse(result.formattedRecords) as R[]) : [];
    return { rows, numAffectedRows: BigInt(result.numberOfRecordsUpdated ?? 0) };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    yield* [] as QueryResult<R>[];
    throw new Error('the RDS Data API does not stream');
  }
}

class DataApiDriver implements Driver {
  constructor(private readonly settings: DataApiSettings) {}
  async init() {}
  async acquireConnection() {
    return new DataApiConnection(this.settings);
  }
  async beginTransaction(connection: DataApiConnection) {
    const { transactionId } = await this.settings.client.send(
      new BeginTransactionCommand({
        resourceArn: this.settings.resourceArn,
        secretArn: this.settings.secretArn,
        database: this.settings.database,
      }),
    );
    connection.transactionId = transactionId;
  }
  async commitTransaction(connection: DataApiConnection) {
    await this.settings.client.send(
      new CommitTransactionCommand({
        resourceArn: this.settings.resourceArn,
        secretArn: this.settings.secretArn,
        transactionId: connection.transactionId,
      }),
    );
    connection.transactionId = undefined;
  }
  async rollbackTransaction(connection: DataApiConnection) {
    await this.settings.client.send(
      new RollbackTransactionCommand({
        resourceArn: this.settings.resourceArn,
        secretArn: this.settings.secretArn,
        transactionId: connection.transactionId,
      }),
    );
    connection.transactionId = undefined;
  }
  async releaseConnection() {}
  async destroy() {}
}

/** Aurora PostgreSQL over the RDS Data API (HTTPS, no connection pool): for Lambdas such as the order sweeper. */
export class DataApiDialect implements Dialect {
  constructor(private readonly settings: DataApiSettings) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new DataApiDriver(this.settings);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
