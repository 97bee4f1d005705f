import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgliteServer } from '../../local/pglite-server.js';
import { freePort } from '../support/free-port.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const retainedHeapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

let pglite: PGlite;
let server: PgliteServer;
let client: pg.Client;

beforeAll(async () => {
  pglite = await PGlite.create();
  server = new PgliteServer(pglite, { port: await freePort() });
  await server.start();
  client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres' });
  await client.connect();
}, 60_000);
afterAll(async () => {
  await client?.end();
  await server?.stop();
  await pglite?.close();
});

/**
 * The local shop's one PostgreSQL serves every query of every service for as long as `npm start` runs: what it
 * answers must not stay in memory. (PGlite kept every row it sent as a parsed message: 15 MB a minute under load.)
 */
it('keeps nothing of the rows it has sent', async () => {
  const query = 'SELECT g AS id, repeat($1, 20) AS name FROM generate_series(1, 100) g';
  for (let i = 0; i < 200; i++) await client.query(query, ['x']);
  const before = retainedHeapMb();
  // 300,000 rows of about 100 bytes: what was kept would be tens of MB.
  for (let i = 0; i < 3000; i++) expect((await client.query(query, ['x'])).rowCount).toBe(100);
  const grown = retainedHeapMb() - before;
  expect(grown).toBeLessThan(8);
}, 120_000);
