import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3LogShipper } from '../../adapters/logs/s3-log-shipper.js';
import { findRequestLines } from '../../local/logs.js';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let server: S3rver;
let endpoint: string;
const directory = mkdtempSync(join(tmpdir(), 'shop-s3rver-logs-'));
let bucketNumber = 0;

/** The client as s3rver needs it (../shared/TOOLCHAIN.md, "s3rver's checksum trap"). */
function client(): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

async function newBucket(s3: S3Client): Promise<string> {
  const bucket = `shop-test-logs-${++bucketNumber}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

async function keys(s3: S3Client, bucket: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

async function linesOf(s3: S3Client, bucket: string, key: string): Promise<string[]> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

/** Every line in the bucket, object by object in key order. */
async function allLines(s3: S3Client, bucket: string): Promise<string[]> {
  const out: string[] = [];
  for (const key of await keys(s3, bucket)) out.push(...(await linesOf(s3, bucket, key)));
  return out;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T | undefined> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}

const line = (service: string, n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    time: new Date(Date.UTC(2026, 2, 1, 10, 0, n)).toISOString(),
    service,
    msg: `line ${n}`,
    ...extra,
  });

beforeAll(async () => {
  const port = await freePort();
  server = new S3rver({ port, address: '127.0.0.1', directory, silent: true });
  await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('S3 log shipper against s3rver', () => {
  it('puts two services’ lines under app/<service>/YYYY/MM/DD/HH/ as gzip JSONL, by the UTC hour of the oldest line', async () => {
    const s3 = client();
    const bucket = await newBucket(s3);
    let clock = new Date('2026-03-01T10:59:58.500Z');
    const orders = new S3LogShipper({
      s3,
      bucket,
      service: 'orders',
      now: () => clock,
      flushIntervalMs: 60_000,
    });
    const cart = new S3LogShipper({ s3, bucket, service: 'cart', now: () => clock, flushIntervalMs: 60_000 });
    orders.write(line('orders', 1));
    orders.write(`${line('orders', 2)}\n`); // a trailing newline is not doubled
    cart.write(line('cart', 1));
    await orders.flush();
    clock = new Date('2026-03-01T11:00:03Z');
    orders.write(line('orders', 3));
    await Promise.all([orders.close(), cart.close()]);

    const stored = await keys(s3, bucket);
    const ulid = '[0-9A-HJKMNP-TV-Z]{26}';
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatch(
      new RegExp(`^app/cart/2026/03/01/10/cart-1-2026-03-01-10-59-58-${ulid}\\.jsonl\\.gz$`),
    );
    expect(stored[1]).toMatch(
      new RegExp(`^app/orders/2026/03/01/10/orders-1-2026-03-01-10-59-58-${ulid}\\.jsonl\\.gz$`),
    );
    expect(stored[2]).toMatch(
      new RegExp(`^app/orders/2026/03/01/11/orders-1-2026-03-01-11-00-03-${ulid}\\.jsonl\\.gz$`),
    );
    expect(await linesOf(s3, bucket, stored[0]!)).toEqual([line('cart', 1)]);
    expect(await linesOf(s3, bucket, stored[1]!)).toEqual([line('orders', 1), line('orders', 2)]);
    expect(await linesOf(s3, bucket, stored[2]!)).toEqual([line('orders', 3)]);
  });

  it('cuts a batch when it reaches maxBatchBytes, without a flush or close', async () => {
    const s3 = client();
    const bucket = await newBucket(s3);
    const shipper = new S3LogShipper({
      s3,
      bucket,
      service: 'users',
      maxBatchBytes: 1000,
      flushIntervalMs: 600_000,
    });
    const written = Array.from({ length: 30 }, (_, n) => line('users', n, { pad: 'x'.repeat(40) }));
    for (const text of written) shipper.write(text);
    const first = await waitFor(async () => ((await keys(s3, bucket)).length >= 1 ? true : undefined));
    expect(first).toBe(true);
    const firstObject = await linesOf(s3, bucket, (await keys(s3, bucket))[0]!);
    const firstBytes = firstObject.reduce((n, text) => n + Buffer.byteLength(text) + 1, 0);
    expect(firstBytes).toBeGreaterThanOrEqual(1000);
    expect(firstBytes - Buffer.byteLength(firstObject.at(-1)!) - 1).toBeLessThan(1000);
    await shipper.close();
    expect(await allLines(s3, bucket)).toEqual(written);
  });

  it('cuts a batch when its oldest line is flushIntervalMs old, without a flush or close', async () => {
    const s3 = client();
    const bucket = await newBucket(s3);
    const shipper = new S3LogShipper({ s3, bucket, service: 'search', flushIntervalMs: 150 });
    shipper.write(line('search', 1));
    shipper.write(line('search', 2));
    expect(await keys(s3, bucket)).toEqual([]);
    const stored = await waitFor(async () => {
      const found = await keys(s3, bucket);
      return found.length > 0 ? found : undefined;
    }, 3000);
    expect(stored).toHaveLength(1);
    expect(await linesOf(s3, bucket, stored![0]!)).toEqual([line('search', 1), line('search', 2)]);
    await shipper.close();
  });

  it('close() sends the rest and waits for PUTs in flight; lines written during a PUT go to the next batch', async () => {
    const s3 = client();
    const bucket = await newBucket(s3);
    // Every PUT takes 300 ms on the way there.
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand')
          await new Promise((resolve) => setTimeout(resolve, 300));
        return next(args);
      },
      { step: 'initialize', name: 'slowPuts' },
    );
    const shipper = new S3LogShipper({ s3, bucket, service: 'orders', flushIntervalMs: 600_000 });
    shipper.write(line('orders', 1));
    void shipper.flush();
    shipper.write(line('orders', 2)); // while the first PUT is in flight
    shipper.write(line('orders', 3));
    await shipper.close();
    const stored = await keys(s3, bucket);
    expect(stored).toHaveLength(2);
    const objects = await Promise.all(stored.map((key) => linesOf(s3, bucket, key)));
    expect(objects.sort((a, b) => a.length - b.length)).toEqual([
      [line('orders', 1)],
      [line('orders', 2), line('orders', 3)],
    ]);
  });

  it('a PUT that fails twice (once before reaching S3, once after S3 stored it) loses no line and duplicates none', async () => {
    const s3 = client();
    const bucket = await newBucket(s3);
    let failures = 0;
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'PutObjectCommand' || failures >= 2) return next(args);
        failures++;
        if (failures === 1) throw new Error('connect ECONNREFUSED (request never sent)');
        await next(args); // stored, but the answer is lost
        throw new Error('socket hang up (answer lost)');
      },
      { step: 'initialize', name: 'failingPuts' },
    );
    const errors: number[] = [];
    const shipper = new S3LogShipper({
      s3,
      bucket,
      service: 'cart',
      flushIntervalMs: 600_000,
      retry: { attempts: 4, baseDelayMs: 20 },
      onError: (_error, _key, attempt) => errors.push(attempt),
    });
    const written = Array.from({ length: 10 }, (_, n) => line('cart', n));
    for (const text of written.slice(0, 5)) shipper.write(text);
    const first = shipper.flush();
    for (const text of written.slice(5)) shipper.write(text); // during the failing PUTs
    await first;
    await shipper.close();
    expect(errors).toEqual([1, 2]);
    expect(shipper.stats).toMatchObject({ lines: 10, dropped: 0, failedAttempts: 2 });
    expect(await keys(s3, bucket)).toHaveLength(2);
    expect(await allLines(s3, bucket)).toEqual(written);
  });

  it('npm run logs finds one request id’s lines across both services, in time order', async () => {
    const s3 = client();
    const bucket = await newBucket(s3);
    const clock = () => new Date('2026-03-01T10:00:00Z');
    const orders = new S3LogShipper({ s3, bucket, service: 'orders', now: clock });
    const cart = new S3LogShipper({ s3, bucket, service: 'cart', now: clock });
    const wanted = 'req_01JTESTWANTED';
    // The request's lines alternate between the services; the cart's object sorts first.
    orders.write(line('orders', 1, { requestId: wanted }));
    cart.write(line('cart', 2, { requestId: wanted }));
    orders.write(line('orders', 3, { requestId: 'req_other', note: wanted }));
    orders.write(line('orders', 4, { requestId: wanted }));
    cart.write(line('cart', 5, { requestId: wanted }));
    cart.write(line('cart', 6, { requestId: 'req_other' }));
    await Promise.all([orders.close(), cart.close()]);
    const expected = [
      line('orders', 1, { requestId: wanted }),
      line('cart', 2, { requestId: wanted }),
      line('orders', 4, { requestId: wanted }),
      line('cart', 5, { requestId: wanted }),
    ];

    const found = await findRequestLines({ s3, bucket, requestId: wanted });
    expect(found.map((f) => f.line)).toEqual(expected);

    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'logs', '--', '--request-id', wanted, '--bucket', bucket, '--endpoint', endpoint],
      { env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } },
    );
    expect(stdout.trim().split('\n')).toEqual(expected);
  });
});
