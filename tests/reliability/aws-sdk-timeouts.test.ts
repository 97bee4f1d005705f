import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3LogShipper } from '../../adapters/logs/s3-log-shipper.js';
import { connectPostgres } from '../../adapters/postgres/connect.js';
import {
  createDataApiClient,
  DATA_API_ATTEMPTS,
  DATA_API_REQUEST_TIMEOUT_MS,
} from '../../adapters/postgres/data-api-client.js';
import { migrateToLatest } from '../../adapters/postgres/migrate.js';
import { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
import { createS3Client, S3_ATTEMPTS, S3_REQUEST_TIMEOUT_MS } from '../../adapters/s3/s3-client.js';
import { type DataApiServer, startDataApiServer } from '../support/data-api-server.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { freePort } from '../support/free-port.js';

/** The SDK's jittered backoff between attempts stays well under this. */
const BACKOFF_SLACK_MS = 1500;
/** Longer than any attempt's budget: each chunk the proxy holds arrives after the client has given up. */
const STUCK_MS = 3 * Math.max(S3_REQUEST_TIMEOUT_MS, DATA_API_REQUEST_TIMEOUT_MS);

/** Runs `call` against a stuck endpoint: how long it took to fail, and how many attempts reached the proxy. */
async function whenStuck(proxy: FaultProxy, call: () => Promise<unknown>) {
  proxy.delay(STUCK_MS);
  const before = proxy.connections();
  const started = performance.now();
  try {
    const error = await call().then(
      () => null,
      (e: Error) => e,
    );
    return { error, elapsed: performance.now() - started, attempts: proxy.connections() - before };
  } finally {
    proxy.pass();
  }
}

/**
 * S3 behind a TCP fault proxy before s3rver: a stuck S3 fails a call after its attempts, each one seen at the
 * proxy, within their budget (the SDK alone only warns at requestTimeout and waits as long as the socket stays
 * open); a slow S3 still takes the log shipper's batches.
 */
describe('S3 slow or stuck (fault proxy before s3rver)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'shop-s3-timeouts-'));
  const bucket = 'shop-timeouts-logs';
  let server: S3rver;
  let proxy: FaultProxy;

  beforeAll(async () => {
    const port = await freePort();
    server = new S3rver({ port, address: '127.0.0.1', directory, silent: true });
    await server.run();
    proxy = await startFaultProxy({ host: '127.0.0.1', port });
    const s3 = createS3Client({ region: 'us-east-1', endpoint: proxy.url });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('a PUT to an S3 that never answers gives up after its attempts, each one seen by the server', async () => {
    // A new client: no kept-alive connection, so every attempt is a connection the proxy counts.
    const s3 = createS3Client({ region: 'us-east-1', endpoint: proxy.url });
    try {
      const { error, elapsed, attempts } = await whenStuck(proxy, () =>
        s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'stuck.jsonl', Body: '{"msg":"x"}\n' })),
      );
      console.log(
        `S3 PutObject against a stuck endpoint: failed after ${elapsed.toFixed(0)} ms (${error?.name}), ${attempts} attempts reached the server`,
      );
      expect(error?.name).toBe('TimeoutError');
      expect(attempts).toBe(S3_ATTEMPTS);
      expect(elapsed).toBeGreaterThan(S3_ATTEMPTS * S3_REQUEST_TIMEOUT_MS);
      expect(elapsed).toBeLessThan(S3_ATTEMPTS * S3_REQUEST_TIMEOUT_MS + BACKOFF_SLACK_MS);
    } finally {
      s3.destroy();
    }
  }, 60_000);

  it('a slow S3 (150 ms more per packet each way) still stores the log shipper’s batch', async () => {
    const s3 = createS3Client({ region: 'us-east-1', endpoint: proxy.url });
    const shipper = new S3LogShipper({ s3, bucket, service: 'orders', retry: { attempts: 1 } });
    try {
      proxy.delay(150);
      const started = performance.now();
      for (let i = 0; i < 200; i++) shipper.write(JSON.stringify({ msg: `line ${i}`, pad: 'x'.repeat(200) }));
      await shipper.flush();
      const elapsed = performance.now() - started;
      proxy.pass();
      const keys = (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'app/orders/' })))
        .Contents;
      expect(keys).toHaveLength(1);
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys![0]!.Key! }));
      const lines = gunzipSync(Buffer.from(await object.Body!.transformToByteArray()))
        .toString('utf8')
        .trim()
        .split('\n');
      console.log(
        `log batch of 200 lines through a 150 ms-per-packet S3: stored in ${elapsed.toFixed(0)} ms`,
      );
      expect(lines).toHaveLength(200);
      expect(shipper.stats.failedAttempts).toBe(0);
    } finally {
      proxy.pass();
      await shipper.close();
      s3.destroy();
    }
  }, 60_000);
});

/**
 * The RDS Data API (the recoverOrders Lambda's way to PostgreSQL) behind the fault proxy, before the local stand-in:
 * a stuck Data API fails the sweeper's query after its attempts, within the function's time, instead of holding it
 * until the Lambda is killed; a slow one still answers.
 */
describe('RDS Data API slow or stuck (fault proxy before the stand-in)', () => {
  let api: DataApiServer;
  let proxy: FaultProxy;

  const connect = () =>
    connectPostgres({
      kind: 'data-api',
      resourceArn: api.resourceArn,
      secretArn: api.secretArn,
      database: api.database,
      client: createDataApiClient({
        endpoint: proxy.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    });

  beforeAll(async () => {
    api = await startDataApiServer();
    const { port } = new URL(api.endpoint);
    proxy = await startFaultProxy({ host: '127.0.0.1', port: Number(port) });
    const { db, close } = await connect();
    await migrateToLatest(db);
    await close();
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await api?.close();
  });

  it("the sweeper's query to a Data API that never answers gives up after its attempts, each one seen", async () => {
    const { db, close } = await connect();
    try {
      const { error, elapsed, attempts } = await whenStuck(proxy, () =>
        new PostgresOrderStore(db).findStalePending(new Date(), 200),
      );
      console.log(
        `Data API ExecuteStatement against a stuck endpoint: failed after ${elapsed.toFixed(0)} ms (${error?.name}), ${attempts} attempts reached the server`,
      );
      expect(error?.name).toBe('TimeoutError');
      expect(attempts).toBe(DATA_API_ATTEMPTS);
      expect(elapsed).toBeGreaterThan(DATA_API_ATTEMPTS * DATA_API_REQUEST_TIMEOUT_MS);
      expect(elapsed).toBeLessThan(DATA_API_ATTEMPTS * DATA_API_REQUEST_TIMEOUT_MS + BACKOFF_SLACK_MS);
    } finally {
      await close();
    }
  }, 90_000);

  it('a statement in a transaction that gets no answer is not sent again (it may have run there)', async () => {
    const { db, close } = await connect();
    let outcome: Awaited<ReturnType<typeof whenStuck>> | undefined;
    try {
      await db
        .transaction()
        .execute(async (trx) => {
          await trx.selectFrom('inventory').select('sku').limit(1).execute();
          outcome = await whenStuck(proxy, () =>
            trx
              .updateTable('inventory')
              .set((eb) => ({ on_hand: eb('on_hand', '+', 1) }))
              .where('sku', '=', 'none')
              .execute(),
          );
          throw outcome.error ?? new Error('the statement was answered');
        })
        .catch(() => {});
    } finally {
      await close();
    }
    console.log(
      `Data API UPDATE in a transaction against a stuck endpoint: failed after ${outcome!.elapsed.toFixed(0)} ms (${outcome!.error?.name}: ${outcome!.error?.message}), ${outcome!.attempts} new connections`,
    );
    // One attempt, ended by its timeout or sooner by the stand-in closing the connection it saw idle for 5 s (Node's
    // keep-alive timeout), which the SDK also reports as a TimeoutError; a retry would have cost new connections.
    expect(outcome!.error?.name).toBe('DataApiTransactionTimeout');
    expect(outcome!.attempts).toBeLessThanOrEqual(1);
    expect(outcome!.elapsed).toBeLessThan(DATA_API_REQUEST_TIMEOUT_MS + BACKOFF_SLACK_MS);
  }, 60_000);

  it("a slow Data API (150 ms more per packet each way) still answers the sweeper's query and commits", async () => {
    const { db, close } = await connect();
    try {
      await db.insertInto('inventory').values({ sku: 'SLOW-1', on_hand: 1 }).execute();
      proxy.delay(150);
      const started = performance.now();
      const stale = await new PostgresOrderStore(db).findStalePending(new Date(), 200);
      const elapsed = performance.now() - started;
      await db.transaction().execute((trx) =>
        trx
          .updateTable('inventory')
          .set((eb) => ({ on_hand: eb('on_hand', '+', 1) }))
          .where('sku', '=', 'SLOW-1')
          .execute(),
      );
      proxy.pass();
      const row = await db
        .selectFrom('inventory')
        .select('on_hand')
        .where('sku', '=', 'SLOW-1')
        .executeTakeFirst();
      console.log(
        `findStalePending through a 150 ms-per-packet Data API: answered in ${elapsed.toFixed(0)} ms`,
      );
      expect(stale).toEqual([]);
      expect(elapsed).toBeGreaterThan(300);
      // Applied exactly once.
      expect(Number(row?.on_hand)).toBe(2);
    } finally {
      proxy.pass();
      await close();
    }
  }, 30_000);
});
