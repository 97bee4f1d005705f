/**
 * A local stand-in for the RDS Data API: the REST-JSON protocol of `@aws-sdk/client-rds-data` (POST /Execute,
 * /BatchExecute, /BeginTransaction, /CommitTransaction, /RollbackTransaction) over a real PostgreSQL (`pg`) or,
 * without a URL, PGlite in this process. It follows, and is as strict as:
 * - https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_ExecuteStatement.html (and the
 *   BatchExecuteStatement, BeginTransaction, CommitTransaction, RollbackTransaction pages, with their errors)
 * - https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_SqlParameter.html (typeHint formats),
 *   API_Field.html and API_ColumnMetadata.html
 * - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api-json.html (formatRecordsAs JSON)
 * - https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.troubleshooting.html (a transaction
 *   is forgotten after a failed statement or three idle minutes)
 * Errors are those of Aurora Serverless v2 and provisioned clusters (BadRequestException is, per the API
 * reference, only for a malformed call there: SQL errors are DatabaseErrorException).
 * A plain stringValue is bound as varchar, like the real service: PostgreSQL does not coerce it into a
 * timestamp, json, uuid or bigint column ("... is of type X but expression is of type character varying").
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import * as z from 'zod/mini';

type Text = string | null;
interface Outcome {
  columns: { name: string; oid: number }[];
  rows: Text[][];
  rowCount: number;
}
interface Session {
  run(sql: string, values: Text[]): Promise<Outcome>;
}
interface Transaction extends Session {
  end(action: 'COMMIT' | 'ROLLBACK'): Promise<void>;
}
interface Engine extends Session {
  database: string;
  begin(): Promise<Transaction>;
  close(): Promise<void>;
}

class DataApiError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
const badRequest = (message: string) => new DataApiError('BadRequestException', 400, message);

// Values travel as PostgreSQL's text forms both ways, so what the client gets is what the server printed.
const rawText = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

async function postgresEngine(url: string): Promise<Engine> {
  const pool = new pg.Pool({ connectionString: url, options: '-c TimeZone=UTC', types: rawText, max: 10 });
  pool.on('error', () => {});
  const run = async (client: pg.Pool | pg.PoolClient, sql: string, values: Text[]): Promise<Outcome> => {
    // Extended protocol always, as PGlite: one statement per call.
    const config = { text: sql, values, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig;
    const result = await client.query<Text[]>(config);
    const columns = result.fields.map((f) => ({ name: f.name, oid: f.dataTypeID }));
    return { columns, rows: result.rows, rowCount: result.rowCount ?? 0 };
  };
  const [database] = (await run(pool, 'SELECT current_database()', [])).rows[0]!;
  return {
    database: database!,
    run: (sql, values) => run(pool, sql, values),
    async begin() {
      const client = await pool.connect();
      await client.query('BEGIN').catch((error) => {
        client.release();
        throw error;
      });
      return {
        run: (sql, values) => run(client, sql, values),
        end: async (action) => {
          await client.query(action).finally(() => client.release());
        },
      };
    },
    close: () => pool.end(),
  };
}

async function pgliteEngine(): Promise<Engine> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  await db.exec(`SET TIME ZONE 'UTC'`);
  const identity = (handlers: object) =>
    Object.fromEntries(Object.keys(handlers).map((oid) => [oid, String]));
  const options = {
    rowMode: 'array',
    parsers: identity(db.parsers),
    serializers: identity(db.serializers),
  } as const;
  const run = async (session: Pick<typeof db, 'query'>, sql: string, values: Text[]): Promise<Outcome> => {
    const result = await session.query<Text[]>(sql, values, options);
    const columns = result.fields.map((f) => ({ name: f.name, oid: f.dataTypeID }));
    return { columns, rows: result.rows, rowCount: result.affectedRows ?? 0 };
  };
  return {
    database: 'postgres',
    run: (sql, values) => run(db, sql, values),
    // PGlite is one session: the transaction holds its lock until the id is committed or rolled back, and
    // every other caller waits for it (serialized, as if each transaction ran alone).
    begin: () =>
      new Promise<Transaction>((resolve, reject) => {
        const finished: Promise<void> = db.transaction(async (tx) => {
          const action = await new Promise<'COMMIT' | 'ROLLBACK'>((end) =>
            resolve({
              run: (sql, values) => run(tx, sql, values),
              end: async (chosen) => {
                end(chosen);
                await finished;
              },
            }),
          );
          if (action === 'ROLLBACK') await tx.rollback();
        });
        finished.catch(reject);
      }),
    close: () => db.close(),
  };
}

const TYPE_HINTS = ['TIMESTAMP', 'DATE', 'TIME', 'DECIMAL', 'UUID', 'JSON'] as const;
const TYPE_HINT_FORMATS: Partial<Record<(typeof TYPE_HINTS)[number], RegExp>> = {
  TIMESTAMP: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/,
  DATE: /^\d{4}-\d{2}-\d{2}$/,
  TIME: /^\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/,
};
const HINT_CASTS = {
  TIMESTAMP: '::timestamp',
  DATE: '::date',
  TIME: '::time',
  DECIMAL: '::numeric',
  UUID: '::uuid',
  JSON: '::json',
};
const VALUE_CASTS = {
  stringValue: '::varchar',
  longValue: '::int8',
  doubleValue: '::float8',
  booleanValue: '::bool',
  blobValue: '::bytea',
};

const field = z.object({
  isNull: z.optional(z.boolean()),
  booleanValue: z.optional(z.boolean()),
  longValue: z.optional(z.number()),
  doubleValue: z.optional(z.number()),
  stringValue: z.optional(z.string()),
  blobValue: z.optional(z.base64()),
  arrayValue: z.optional(z.unknown()),
});
const parameter = z.object({
  name: z.string(),
  value: field,
  typeHint: z.optional(z.enum(TYPE_HINTS)),
});
type Parameter = z.infer<typeof parameter>;
const arns = { resourceArn: z.string().check(z.minLength(11)), secretArn: z.string().check(z.minLength(11)) };
const target = { ...arns, database: z.optional(z.string()) };
const requests = {
  '/Execute': z.object({
    ...target,
    sql: z.string(),
    parameters: z.optional(z.array(parameter)),
    transactionId: z.optional(z.string()),
    includeResultMetadata: z.optional(z.boolean()),
    formatRecordsAs: z.optional(z.enum(['NONE', 'JSON'])),
  }),
  '/BatchExecute': z.object({
    ...target,
    sql: z.string(),
    parameterSets: z.optional(z.array(z.array(parameter))),
    transactionId: z.optional(z.string()),
  }),
  '/BeginTransaction': z.object(target),
  '/CommitTransaction': z.object({ ...arns, transactionId: z.string() }),
  '/RollbackTransaction': z.object({ ...arns, transactionId: z.string() }),
};

/** One parameter as PostgreSQL text, and the cast that gives it the type the Data API would bind. */
function bindParameter({ name, value, typeHint }: Parameter): { text: Text; cast: string } {
  const members = Object.entries(value).filter(([, v]) => v !== undefined);
  const [member, content] = members[0] ?? [];
  if (members.length !== 1)
    throw badRequest(`Parameter ${name}: the value must set exactly one Field member`);
  if (member === 'arrayValue') throw badRequest('Array parameters are not supported.');
  if (member === 'isNull') {
    if (content !== true) throw badRequest(`Parameter ${name}: isNull must be true`);
    return { text: null, cast: typeHint ? HINT_CASTS[typeHint] : '' };
  }
  if (typeHint) {
    if (member !== 'stringValue')
      throw badRequest(`Parameter ${name}: typeHint ${typeHint} needs a stringValue`);
    if (TYPE_HINT_FORMATS[typeHint]?.test(String(content)) === false)
      throw badRequest(
        `Parameter ${name}: '${content}' is not in the ${typeHint} format the type hint requires`,
      );
    return { text: String(content), cast: HINT_CASTS[typeHint] };
  }
  const text =
    member === 'blobValue' ? `\\x${Buffer.from(String(content), 'base64').toString('hex')}` : String(content);
  return { text, cast: VALUE_CASTS[member as keyof typeof VALUE_CASTS] };
}

// Quoted text, identifiers, comments and `::` casts are copied; a `:name` outside them is a parameter.
const SQL_TOKENS =
  /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|(\$\w*\$)[\s\S]*?\1|::|:([A-Za-z_]\w*)/g;

/** `:name` parameters become pg's `$n`, each typed as the Data API binds it. */
export function toPositional(sql: string, parameters: Parameter[]): { text: string; values: Text[] } {
  const given = new Map(parameters.map((p) => [p.name, p]));
  const positions = new Map<string, string>();
  const values: Text[] = [];
  const text = sql.replace(SQL_TOKENS, (token, _dollarTag, name: string | undefined) => {
    if (!name) return token;
    const parameter = given.get(name);
    if (!parameter) throw badRequest(`No value specified for parameter: ${name}`);
    if (!positions.has(name)) {
      const { text, cast } = bindParameter(parameter);
      values.push(text);
      positions.set(name, `$${values.length}${cast}`);
    }
    return positions.get(name)!;
  });
  return { text, values };
}

// PostgreSQL type -> the typeName and JDBC type the Data API reports, and the Field member carrying it.
type Carrier = 'booleanValue' | 'longValue' | 'doubleValue' | 'blobValue' | 'timestamp' | 'stringValue';
const TYPES: Record<number, [string, number, Carrier]> = {
  16: ['bool', -7, 'booleanValue'],
  17: ['bytea', -2, 'blobValue'],
  20: ['int8', -5, 'longValue'],
  21: ['int2', 5, 'longValue'],
  23: ['int4', 4, 'longValue'],
  25: ['text', 12, 'stringValue'],
  26: ['oid', -5, 'longValue'],
  114: ['json', 1111, 'stringValue'],
  700: ['float4', 7, 'doubleValue'],
  701: ['float8', 8, 'doubleValue'],
  1042: ['bpchar', 1, 'stringValue'],
  1043: ['varchar', 12, 'stringValue'],
  1082: ['date', 91, 'stringValue'],
  1083: ['time', 92, 'stringValue'],
  1114: ['timestamp', 93, 'timestamp'],
  1184: ['timestamptz', 93, 'timestamp'],
  1700: ['numeric', 2, 'stringValue'],
  2950: ['uuid', 1111, 'stringValue'],
  3802: ['jsonb', 1111, 'stringValue'],
};
const ARRAY_TYPES = new Set([
  199, 1000, 1005, 1007, 1009, 1015, 1016, 1021, 1022, 1115, 1182, 1183, 1185, 1231, 2951, 3807,
]);
const typeOf = (oid: number): [string, number, Carrier] => {
  if (ARRAY_TYPES.has(oid))
    throw new DataApiError(
      'UnsupportedResultException',
      400,
      'array results are not modelled by this stand-in',
    );
  return TYPES[oid] ?? ['unknown', 1111, 'stringValue'];
};

function toField(text: Text, carrier: Carrier): Record<string, unknown> {
  if (text === null) return { isNull: true };
  if (carrier === 'booleanValue') return { booleanValue: text === 't' };
  if (carrier === 'longValue' || carrier === 'doubleValue') return { [carrier]: Number(text) };
  if (carrier === 'blobValue') return { blobValue: Buffer.from(text.slice(2), 'hex').toString('base64') };
  // Timestamps come back as the TIMESTAMP hint writes them: UTC (the session's zone), no offset.
  if (carrier === 'timestamp') return { stringValue: text.replace(/[+-]\d{2}(:\d{2}){0,2}$/, '') };
  return { stringValue: text };
}

function results(outcome: Outcome, format: 'NONE' | 'JSON' | undefined, withMetadata: boolean | undefined) {
  const { columns, rows, rowCount } = outcome;
  // A statement with a result set, RETURNING included, reports its rows and 0 records updated.
  if (columns.length === 0) return { numberOfRecordsUpdated: rowCount };
  const types = columns.map((c) => typeOf(c.oid));
  const fields = rows.map((row) => row.map((text, i) => toField(text, types[i]![2])));
  if (format === 'JSON') {
    const objects = fields.map((row) =>
      Object.fromEntries(row.map((f, i) => [columns[i]!.name, f.isNull ? null : Object.values(f)[0]])),
    );
    return { numberOfRecordsUpdated: 0, formattedRecords: JSON.stringify(objects) };
  }
  const columnMetadata = columns.map((c, i) => ({
    name: c.name,
    label: c.name,
    typeName: types[i]![0],
    type: types[i]![1],
  }));
  return { numberOfRecordsUpdated: 0, records: fields, ...(withMetadata ? { columnMetadata } : {}) };
}

function databaseError(error: unknown): DataApiError {
  if (error instanceof DataApiError) return error;
  const e = error as { message?: string; hint?: string; position?: string; code?: string };
  const lines = [
    `ERROR: ${e.message}`,
    e.hint && `  Hint: ${e.hint}`,
    e.position && `  Position: ${e.position}`,
  ];
  return new DataApiError(
    'DatabaseErrorException',
    400,
    `${lines.filter(Boolean).join('\n')}; SQLState: ${e.code}`,
  );
}

export interface DataApiServer {
  endpoint: string;
  resourceArn: string;
  secretArn: string;
  database: string;
  close(): Promise<void>;
}

const IDLE_TRANSACTION_MS = 3 * 60_000;

/** Starts the stand-in on a free port of 127.0.0.1, over the database at `databaseUrl` or a new PGlite. */
export async function startDataApiServer(databaseUrl?: string): Promise<DataApiServer> {
  const engine = databaseUrl ? await postgresEngine(databaseUrl) : await pgliteEngine();
  const resourceArn = 'arn:aws:rds:us-east-1:123456789012:cluster:local-shop';
  const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:local-shop';
  const open = new Map<string, { tx: Transaction; idle: NodeJS.Timeout }>();

  const transaction = (id: string) => {
    const entry = open.get(id);
    if (!entry) throw new DataApiError('TransactionNotFoundException', 404, `Transaction ${id} is not found`);
    entry.idle.refresh();
    return entry.tx;
  };
  const forget = (id: string) => {
    const tx = transaction(id);
    clearTimeout(open.get(id)?.idle);
    open.delete(id);
    return tx;
  };
  const begin = async () => {
    const tx = await engine.begin().catch((error) => Promise.reject(databaseError(error)));
    const transactionId = randomBytes(48).toString('base64');
    const expire = () =>
      forget(transactionId)
        .end('ROLLBACK')
        .catch(() => {});
    const idle = setTimeout(expire, IDLE_TRANSACTION_MS);
    open.set(transactionId, { tx, idle: idle.unref() });
    return transactionId;
  };
  const check = (request: { resourceArn: string; secretArn: string; database?: string }) => {
    if (request.resourceArn !== resourceArn)
      throw new DataApiError(
        'HttpEndpointNotEnabledException',
        400,
        `HttpEndpoint is not enabled for ${request.resourceArn}`,
      );
    if (request.secretArn !== secretArn)
      throw new DataApiError('InvalidSecretException', 400, `The secret ${request.secretArn} is not valid`);
    if (request.database && request.database !== engine.database)
      throw new DataApiError('DatabaseNotFoundException', 404, `Database ${request.database} does not exist`);
  };
  // A failed statement inside a transaction rolls it back and forgets its id, as the real service does.
  const run = async (transactionId: string | undefined, sql: string, parameters: Parameter[]) => {
    const { text, values } = toPositional(sql, parameters);
    if (!transactionId)
      return engine.run(text, values).catch((error) => Promise.reject(databaseError(error)));
    const tx = transaction(transactionId);
    try {
      return await tx.run(text, values);
    } catch (error) {
      if (open.get(transactionId)?.tx === tx)
        await forget(transactionId)
          .end('ROLLBACK')
          .catch(() => {});
      throw databaseError(error);
    }
  };

  const operations = {
    '/Execute': async (r: z.infer<(typeof requests)['/Execute']>) =>
      results(
        await run(r.transactionId, r.sql, r.parameters ?? []),
        r.formatRecordsAs,
        r.includeResultMetadata,
      ),
    '/BatchExecute': async (r: z.infer<(typeof requests)['/BatchExecute']>) => {
      const sets = r.parameterSets?.length ? r.parameterSets : [[]];
      const id = r.transactionId ?? (await begin());
      for (const set of sets) await run(id, r.sql, set);
      if (!r.transactionId) await forget(id).end('COMMIT');
      return { updateResults: sets.map(() => ({ generatedFields: [] })) };
    },
    '/BeginTransaction': async () => ({ transactionId: await begin() }),
    '/CommitTransaction': async (r: { transactionId: string }) => {
      await forget(r.transactionId).end('COMMIT');
      return { transactionStatus: 'Transaction Committed' };
    },
    '/RollbackTransaction': async (r: { transactionId: string }) => {
      await forget(r.transactionId).end('ROLLBACK');
      return { transactionStatus: 'Rollback Complete' };
    },
  };

  const handle = async (request: IncomingMessage): Promise<object> => {
    const path = request.url as keyof typeof operations;
    if (request.method !== 'POST' || !(path in operations))
      throw new DataApiError('UnknownOperationException', 404, `${request.method} ${request.url}`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      throw badRequest('The request body is not JSON');
    }
    const parsed = z.safeParse(requests[path], body);
    if (!parsed.success) throw badRequest(z.prettifyError(parsed.error));
    check(parsed.data);
    return (operations[path] as (r: typeof parsed.data) => Promise<object>)(parsed.data);
  };

  const server = createServer((request, response) => {
    handle(request).then(
      (body) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
      (error: unknown) => {
        const failure =
          error instanceof DataApiError
            ? error
            : new DataApiError('InternalServerErrorException', 500, String(error));
        response
          .writeHead(failure.status, { 'content-type': 'application/json', 'x-amzn-errortype': failure.type })
          .end(JSON.stringify({ message: failure.message }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    resourceArn,
    secretArn,
    database: engine.database,
    close: async () => {
      for (const id of [...open.keys()])
        await forget(id)
          .end('ROLLBACK')
          .catch(() => {});
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await engine.close();
    },
  };
}
