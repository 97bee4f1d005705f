import {
  type ArrayValue,
  BeginTransactionCommand,
  type ColumnMetadata,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type Field,
  type RDSDataClient,
  RollbackTransactionCommand,
  type SqlParameter,
  TransactionNotFoundException,
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

/** A Date as the Data API's TIMESTAMP type hint takes it: `YYYY-MM-DD HH:MM:SS.FFF`, in UTC. */
export function toDataApiTimestamp(date: Date): string {
  const iso = date.toISOString();
  if (iso.length !== 24)
    throw new RangeError(`${iso} has no four-digit year, which the TIMESTAMP hint requires`);
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** A timestamp the Data API returns (UTC, no zone, up to microseconds) as a Date, to the millisecond. */
export function fromDataApiTimestamp(value: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(value);
  if (!match) throw new Error(`not a Data API timestamp: ${value}`);
  const milliseconds = (match[3] ?? '.').slice(0, 4).padEnd(4, '0');
  return new Date(`${match[1]}T${match[2]}${milliseconds}Z`);
}

const isPlainObject = (value: object) => [Object.prototype, null].includes(Object.getPrototypeOf(value));

function toParameter(name: string, value: unknown): SqlParameter {
  if (value === null || value === undefined) return { name, value: { isNull: true } };
  switch (typeof value) {
    case 'boolean':
      return { name, value: { booleanValue: value } };
    case 'number':
      return Number.isSafeInteger(value)
        ? { name, value: { longValue: value } }
        : { name, value: { doubleValue: value } };
    case 'bigint':
      return Number.isSafeInteger(Number(value))
        ? { name, value: { longValue: Number(value) } }
        : { name, value: { stringValue: value.toString() }, typeHint: 'DECIMAL' };
    case 'string':
      return { name, value: { stringValue: value } };
  }
  if (value instanceof Date)
    return { name, value: { stringValue: toDataApiTimestamp(value) }, typeHint: 'TIMESTAMP' };
  if (value instanceof Uint8Array) return { name, value: { blobValue: value } };
  if (Array.isArray(value))
    throw new TypeError(`parameter ${name}: the RDS Data API takes no array parameters`);
  if (typeof value === 'object' && isPlainObject(value))
    return { name, value: { stringValue: JSON.stringify(value) }, typeHint: 'JSON' };
  throw new TypeError(
    `parameter ${name}: the RDS Data API cannot carry ${Object.prototype.toString.call(value)}`,
  );
}

/**
 * Kysely's `$1` placeholders become the Data API's named `:p1` parameters, typed as the API wants them.
 * The Data API binds a plain `stringValue` as `varchar`, so a timestamp, JSON or uuid column needs a Date,
 * a plain object or a cast in SQL: a string is not coerced the way PostgreSQL coerces an untyped parameter.
 */
export function toDataApiStatement(query: CompiledQuery): { sql: string; parameters: SqlParameter[] } {
  const sql = query.sql.replace(/\$(\d+)/g, ':p$1');
  const parameters = query.parameters.map((value, index) => toParameter(`p${index + 1}`, value));
  return { sql, parameters };
}

function fromArray(array: ArrayValue): unknown[] {
  return (
    array.arrayValues?.map((inner) => (inner ? fromArray(inner) : null)) ??
    array.booleanValues ??
    array.longValues ??
    array.doubleValues ??
    array.stringValues ??
    []
  );
}

/** One returned value as the pg driver would give it: timestamps as Dates, JSON parsed. */
function fromField(field: Field, column: ColumnMetadata | undefined): unknown {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) {
    const type = column?.typeName?.toLowerCase();
    if (type === 'timestamptz' || type === 'timestamp') return fromDataApiTimestamp(field.stringValue);
    if (type === 'json' || type === 'jsonb') return JSON.parse(field.stringValue);
    return field.stringValue;
  }
  if (field.arrayValue) return fromArray(field.arrayValue);
  return field.booleanValue ?? field.longValue ?? field.doubleValue ?? field.blobValue;
}

const DATA_CHANGES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

class DataApiConnection implements DatabaseConnection {
  transactionId: string | undefined;
  constructor(private readonly settings: DataApiSettings) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = toDataApiStatement(query);
    // Records with their column metadata, not formatRecordsAs JSON: JSON drops the column types, so a
    // timestamp or a json column could not be told from text.
    const result = await this.settings.client.send(
      new ExecuteStatementCommand({
        resourceArn: this.settings.resourceArn,
        secretArn: this.settings.secretArn,
        database: this.settings.database,
        sql,
        parameters,
        transactionId: this.transactionId,
        includeResultMetadata: true,
      }),
    );
    const columns = result.columnMetadata ?? [];
    const rows = (result.records ?? []).map(
      (record) =>
        Object.fromEntries(
          record.map((field, i) => [
            columns[i]?.label ?? columns[i]?.name ?? `?column${i}?`,
            fromField(field, columns[i]),
          ]),
        ) as R,
    );
    if (query.query.kind === 'SelectQueryNode') return { rows };
    // With RETURNING the Data API reports the rows, not numberOfRecordsUpdated (it says 0).
    const updated = result.numberOfRecordsUpdated || (DATA_CHANGES.has(query.query.kind) ? rows.length : 0);
    return { rows, numAffectedRows: BigInt(updated) };
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
    try {
      await this.settings.client.send(
        new RollbackTransactionCommand({
          resourceArn: this.settings.resourceArn,
          secretArn: this.settings.secretArn,
          transactionId: connection.transactionId,
        }),
      );
    } catch (error) {
      // A statement that fails inside a transaction makes the Data API roll it back and forget its id; the
      // rollback we were asked for has happened, and the statement's own error is the one to report.
      if (!(error instanceof TransactionNotFoundException)) throw error;
    } finally {
      connection.transactionId = undefined;
    }
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
