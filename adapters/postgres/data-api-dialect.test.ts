import { ExecuteStatementCommand, RDSDataClient } from '@aws-sdk/client-rds-data';
import fc from 'fast-check';
import { type ColumnType, CompiledQuery, Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataApiServer, startDataApiServer, toPositional } from '../../tests/support/data-api-server.js';
import {
  DataApiDialect,
  fromDataApiTimestamp,
  toDataApiStatement,
  toDataApiTimestamp,
} from './data-api-dialect.js';
import type { Database } from './database.js';

// The TIMESTAMP type hint's documented value format (API_SqlParameter): YYYY-MM-DD HH:MM:SS[.FFF].
const DOCUMENTED_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/;
const fourDigitYears = fc.date({
  min: new Date('0001-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

describe('RDS Data API dialect', () => {
  it("turns Kysely's $n placeholders into typed, named Data API parameters", () => {
    const when = new Date('2026-01-02T03:04:05.000Z');
    const { sql, parameters } = toDataApiStatement(
      CompiledQuery.raw(
        'select * from orders where id = $1 and total_amount > $2 and ratio < $3 and paid = $4 and note is $5 and created_at < $6 and x = $10',
        ['ord_1', 5, 0.5, true, null, when, 'a', 'b', 'c', 'ten'],
      ),
    );
    expect(sql).toBe(
      'select * from orders where id = :p1 and total_amount > :p2 and ratio < :p3 and paid = :p4 and note is :p5 and created_at < :p6 and x = :p10',
    );
    expect(parameters.slice(0, 6)).toEqual([
      { name: 'p1', value: { stringValue: 'ord_1' } },
      { name: 'p2', value: { longValue: 5 } },
      { name: 'p3', value: { doubleValue: 0.5 } },
      { name: 'p4', value: { booleanValue: true } },
      { name: 'p5', value: { isNull: true } },
      { name: 'p6', value: { stringValue: '2026-01-02 03:04:05.000' }, typeHint: 'TIMESTAMP' },
    ]);
    expect(parameters[9]).toEqual({ name: 'p10', value: { stringValue: 'ten' } });
  });

  it('sends bigints, plain objects and bytes with the types the Data API needs, and refuses arrays', () => {
    const { parameters } = toDataApiStatement(
      CompiledQuery.raw('select $1, $2, $3, $4', [12n, 2n ** 63n - 1n, { a: [1] }, new Uint8Array([1, 2])]),
    );
    expect(parameters).toEqual([
      { name: 'p1', value: { longValue: 12 } },
      { name: 'p2', value: { stringValue: '9223372036854775807' }, typeHint: 'DECIMAL' },
      { name: 'p3', value: { stringValue: '{"a":[1]}' }, typeHint: 'JSON' },
      { name: 'p4', value: { blobValue: new Uint8Array([1, 2]) } },
    ]);
    expect(() => toDataApiStatement(CompiledQuery.raw('select $1', [['a']]))).toThrow(/no array parameters/);
  });

  it('writes any Date in the documented TIMESTAMP format, and reads it back to the millisecond', () => {
    fc.assert(
      fc.property(fourDigitYears, (date) => {
        const text = toDataApiTimestamp(date);
        expect(text).toMatch(DOCUMENTED_TIMESTAMP);
        expect(fromDataApiTimestamp(text).getTime()).toBe(date.getTime());
      }),
    );
    expect(fromDataApiTimestamp('2026-11-25 12:00:00.123456')).toEqual(new Date('2026-11-25T12:00:00.123Z'));
    expect(fromDataApiTimestamp('2026-11-25 12:00:00')).toEqual(new Date('2026-11-25T12:00:00.000Z'));
    expect(() => toDataApiTimestamp(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('compiles the order store queries as PostgreSQL', () => {
    const db = new Kysely<Database>({
      dialect: new DataApiDialect({
        client: {} as never,
        resourceArn: 'arn:x',
        secretArn: 'arn:y',
        database: 'shop',
      }),
    });
    const compiled = db.selectFrom('orders').select('id').where('status', '=', 'PENDING').limit(5).compile();
    expect(toDataApiStatement(compiled).sql).toBe('select "id" from "orders" where "status" = :p1 limit :p2');
  });
});

interface Sample {
  id: number;
  at: Date;
  doc: unknown;
  amount: ColumnType<string, number, number>; // a numeric column takes a number: a string is bound as varchar
  paid: boolean;
}

describe('RDS Data API dialect on real SQL (the local stand-in over PGlite)', () => {
  let api: DataApiServer;
  let client: RDSDataClient;
  let db: Kysely<{ samples: Sample }>;
  const target = () => ({ resourceArn: api.resourceArn, secretArn: api.secretArn, database: api.database });

  beforeAll(async () => {
    api = await startDataApiServer();
    client = new RDSDataClient({
      endpoint: api.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    db = new Kysely({ dialect: new DataApiDialect({ client, ...target() }) });
    await sql`CREATE TABLE samples (id bigint PRIMARY KEY, at timestamptz NOT NULL, doc jsonb, amount numeric(12, 2), paid boolean)`.execute(
      db,
    );
  });
  afterAll(async () => {
    await db.destroy();
    client.destroy();
    await api.close();
  });

  it('round-trips dates, JSON, bigints, decimals and booleans as the pg driver returns them', async () => {
    await fc.assert(
      fc.asyncProperty(fourDigitYears, fc.integer({ min: 1, max: 2 ** 40 }), async (at, id) => {
        await db.deleteFrom('samples').execute();
        await db
          .insertInto('samples')
          .values({ id, at, doc: { skus: ['A'] }, amount: 12.5, paid: true })
          .execute();
        const row = await db.selectFrom('samples').selectAll().executeTakeFirstOrThrow();
        expect(row).toEqual({ id, at, doc: { skus: ['A'] }, amount: '12.50', paid: true });
      }),
      { numRuns: 25 },
    );
  });

  it('counts rows a statement with RETURNING changed', async () => {
    await db.deleteFrom('samples').execute();
    await db
      .insertInto('samples')
      .values({ id: 1, at: new Date(), doc: null, amount: 1, paid: false })
      .execute();
    const result = await db.executeQuery(
      db.updateTable('samples').set({ paid: true }).returning('id').compile(),
    );
    expect(result).toMatchObject({ rows: [{ id: 1 }], numAffectedRows: 1n });
  });

  it("reports a failed statement's own error from a transaction, not the rollback's", async () => {
    await db.deleteFrom('samples').execute();
    const insert = () =>
      db.insertInto('samples').values({ id: 7, at: new Date(), doc: null, amount: 1, paid: false });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.executeQuery(insert().compile());
        await trx.executeQuery(insert().compile());
      }),
    ).rejects.toMatchObject({ name: 'DatabaseErrorException', message: /duplicate key/ });
    expect(await db.selectFrom('samples').selectAll().execute()).toEqual([]);
  });

  it('refuses a string where PostgreSQL wants a timestamp, as the real service does (pass a Date)', async () => {
    const insert = sql`INSERT INTO samples (id, at) VALUES (${3}, ${'2026-01-01T00:00:00.000Z'})`;
    await expect(insert.execute(db)).rejects.toMatchObject({
      name: 'DatabaseErrorException',
      message: /is of type timestamp with time zone but expression is of type character varying/,
    });
  });

  it('refuses an ISO TIMESTAMP hint, an unknown transaction and a missing ARN, as the real service does', async () => {
    const iso = {
      name: 't',
      value: { stringValue: '2026-11-25T12:00:00.000Z' },
      typeHint: 'TIMESTAMP' as const,
    };
    await expect(
      client.send(new ExecuteStatementCommand({ ...target(), sql: 'SELECT :t', parameters: [iso] })),
    ).rejects.toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    await expect(
      client.send(new ExecuteStatementCommand({ ...target(), sql: 'SELECT 1', transactionId: 'gone' })),
    ).rejects.toMatchObject({ name: 'TransactionNotFoundException' });
    await expect(
      client.send(new ExecuteStatementCommand({ ...target(), secretArn: undefined, sql: 'SELECT 1' })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  it('returns formatted JSON records when asked', async () => {
    const result = await client.send(
      new ExecuteStatementCommand({
        ...target(),
        sql: `SELECT 1::int8 AS n, 2.50::numeric AS d, '2026-01-02 03:04:05.678+00'::timestamptz AS t, NULL AS z`,
        formatRecordsAs: 'JSON',
      }),
    );
    expect(JSON.parse(result.formattedRecords!)).toEqual([
      { n: 1, d: '2.50', t: '2026-01-02 03:04:05.678', z: null },
    ]);
  });

  it('finds :name parameters outside quotes, comments and :: casts', () => {
    const { text, values } = toPositional(`SELECT ':a', ":a", $$:a$$, :a::text, :b /* :a */ -- :a\n, :a`, [
      { name: 'a', value: { stringValue: 'x' } },
      { name: 'b', value: { longValue: 2 } },
    ]);
    expect(text).toBe(`SELECT ':a', ":a", $$:a$$, $1::varchar::text, $2::int8 /* :a */ -- :a\n, $1::varchar`);
    expect(values).toEqual(['x', '2']);
  });
});
