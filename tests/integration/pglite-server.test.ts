import { spawn } from 'node:child_process';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteServer } from '../../local/pglite-server.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const PROCESSES = 3;
const OPERATIONS = 1600;

interface HammerResult {
  tag: string;
  operations: number;
  wrong: number;
  wrongSamples: string[];
  errors: number;
  errorSamples: string[];
  increments: number;
}

function hammer(url: string, tag: string): Promise<HammerResult> {
  const child = spawn(
    process.execPath,
    [
      `${ROOT}node_modules/tsx/dist/cli.mjs`,
      `${ROOT}tests/support/pg-hammer.ts`,
      url,
      tag,
      String(OPERATIONS),
      '8',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!))
        : reject(new Error(`${tag} exited ${code}`)),
    ),
  );
}

/**
 * The local shop's services share one embedded PostgreSQL (PGlite, one session) over sockets. Nothing may ever run
 * with another client's parameters or inside another client's transaction.
 */
describe('PGlite shared by several processes over the wire protocol', () => {
  let pglite: PGlite;
  let server: PgliteServer;

  beforeAll(async () => {
    pglite = await PGlite.create();
    await pglite.exec(`
      CREATE TABLE hammer_items (id int PRIMARY KEY, value text NOT NULL);
      INSERT INTO hammer_items SELECT g, 'v-' || g FROM generate_series(1, 1000) g;
      CREATE TABLE hammer_counters (tag text PRIMARY KEY, n int NOT NULL);
      INSERT INTO hammer_counters VALUES ${Array.from({ length: PROCESSES }, (_, i) => `('p${i}', 0)`).join(',')};
    `);
    server = new PgliteServer(pglite, { port: 0 });
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await pglite?.close();
  });

  it(`gives each of ${PROCESSES} x ${OPERATIONS} concurrent parameterized queries exactly its own row, and loses no transactional update`, async () => {
    const url = `postgres://postgres@127.0.0.1:${server.port}/postgres?sslmode=disable`;
    const results = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => hammer(url, `p${i}`)));
    for (const result of results) {
      expect({ tag: result.tag, wrong: result.wrongSamples, errors: result.errorSamples }).toEqual({
        tag: result.tag,
        wrong: [],
        errors: [],
      });
      expect(result.increments).toBe(OPERATIONS / 4);
    }
    const counters = await pglite.query<{ tag: string; n: number }>(
      'SELECT tag, n FROM hammer_counters ORDER BY tag',
    );
    expect(counters.rows.map((r) => r.n)).toEqual(results.map((r) => r.increments));
  }, 180_000);

  it('rolls back the open transaction of a client that disconnects, and serves the others on', async () => {
    const pg = (await import('pg')).default;
    const url = `postgres://postgres@127.0.0.1:${server.port}/postgres?sslmode=disable`;
    const dying = new pg.Client({ connectionString: url });
    await dying.connect();
    dying.on('error', () => {});
    await dying.query('BEGIN');
    await dying.query("UPDATE hammer_items SET value = 'half-written' WHERE id = 1");
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    const waiting = other.query('SELECT value FROM hammer_items WHERE id = $1', [1]);
    (dying as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows[0].value).toBe('v-1');
    await other.end();
  });
});
