/**
 * `npm run logs -- --request-id X [--bucket B] [--endpoint URL] [--since 1h] [--prefix app/]`: one request's log
 * lines from every service, in time order, read from the gzip JSONL objects the log shipper writes
 * (adapters/logs/s3-log-shipper.ts: app/<service>/YYYY/MM/DD/HH/...). The bucket defaults to LOG_BUCKET, the endpoint
 * to S3_ENDPOINT (none: AWS; an emulator is read with s3rver's account).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../adapters/s3/s3-client.js';
import { LOCAL_LOG_BUCKET, readLocalConfig } from './config.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `1h`, `2d` in milliseconds. */
export function parseSince(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`--since takes a number and a unit (s, m, h, d), like 1h; got "${text}"`);
  return Number(match[1]) * UNITS[match[2]!]!;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const hourPath = (at: Date) =>
  `${pad(at.getUTCFullYear(), 4)}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}/${pad(at.getUTCHours())}/`;

async function listAll(
  s3: Pick<S3Client, 'send'>,
  input: { Bucket: string; Prefix: string; Delimiter?: string; StartAfter?: string },
) {
  const keys: { key: string; modified?: Date }[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ ...input, ContinuationToken: token }));
    for (const object of page.Contents ?? []) keys.push({ key: object.Key!, modified: object.LastModified });
    for (const common of page.CommonPrefixes ?? []) prefixes.push(common.Prefix!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { keys, prefixes };
}

export interface FoundLine {
  time: string;
  line: string;
  key: string;
}

/**
 * Every line whose requestId is `requestId` under `prefix`, sorted by their `time` (then by service and order
 * written). With `sinceMs`, each service is listed from the hour `sinceMs` ago on (keys sort by time within a
 * service) and older lines are left out.
 */
export async function findRequestLines(options: {
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  requestId: string;
  prefix?: string;
  sinceMs?: number;
  now?: () => Date;
}): Promise<FoundLine[]> {
  const prefix = options.prefix ?? 'app/';
  const since =
    options.sinceMs === undefined
      ? undefined
      : new Date((options.now?.() ?? new Date()).getTime() - options.sinceMs);
  const sinceHour = since ? hourPath(since).slice(0, -1) : undefined;
  const { prefixes: services } = await listAll(options.s3, {
    Bucket: options.bucket,
    Prefix: prefix,
    Delimiter: '/',
  });
  const keys: string[] = [];
  if (services.length > 0) {
    for (const service of services) {
      // StartAfter a key just before the since-hour's partition: the listing begins at that hour.
      const startAfter = sinceHour ? `${service}${sinceHour}` : undefined;
      const listed = await listAll(options.s3, {
        Bucket: options.bucket,
        Prefix: service,
        StartAfter: startAfter,
      });
      keys.push(...listed.keys.map((k) => k.key));
    }
  } else {
    // s3rver 3.7 prunes the directories beneath a common prefix and answers a delimited listing of nested keys with
    // nothing: list everything under the prefix and leave out the hours before `since` here.
    const listed = await listAll(options.s3, { Bucket: options.bucket, Prefix: prefix });
    for (const { key } of listed.keys) {
      const hour = /^[^/]+\/(\d{4}\/\d{2}\/\d{2}\/\d{2})\//.exec(key.slice(prefix.length))?.[1];
      if (!sinceHour || !hour || hour >= sinceHour) keys.push(key);
    }
  }
  const found: FoundLine[] = [];
  for (const key of keys) {
    const object = await options.s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    const raw = Buffer.from(await object.Body!.transformToByteArray());
    const text = key.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    for (const line of text.split('\n')) {
      if (line === '' || !line.includes(options.requestId)) continue;
      let entry: { requestId?: unknown; time?: unknown };
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if (entry.requestId !== options.requestId) continue;
      const time = typeof entry.time === 'string' ? entry.time : '';
      if (since && time !== '' && Date.parse(time) < since.getTime()) continue;
      found.push({ time, line, key });
    }
  }
  // Array.prototype.sort is stable: equal times keep service order, then the order they were written in.
  return found.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

async function main() {
  const { values } = parseArgs({
    options: {
      'request-id': { type: 'string' },
      bucket: { type: 'string', default: process.env.LOG_BUCKET ?? LOCAL_LOG_BUCKET },
      // The local shop's s3rver unless a bucket on AWS (LOG_BUCKET) or another endpoint is named.
      endpoint: {
        type: 'string',
        default:
          process.env.S3_ENDPOINT ??
          (process.env.LOG_BUCKET ? undefined : `http://127.0.0.1:${readLocalConfig().LOCAL_IMAGES_PORT}`),
      },
      since: { type: 'string' },
      prefix: { type: 'string', default: 'app/' },
    },
  });
  const requestId = values['request-id'];
  if (!requestId) {
    console.error(
      'usage: npm run logs -- --request-id X [--bucket B] [--endpoint URL] [--since 1h] [--prefix app/]',
    );
    process.exit(2);
  }
  const endpoint = values.endpoint;
  // Against an emulator, s3rver's account; on AWS the default credentials.
  const s3 = createS3Client({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint });
  const lines = await findRequestLines({
    s3,
    bucket: values.bucket,
    requestId,
    prefix: values.prefix,
    sinceMs: values.since ? parseSince(values.since) : undefined,
  });
  for (const { line } of lines) process.stdout.write(`${line}\n`);
  if (lines.length === 0)
    console.error(`no lines with requestId ${requestId} under s3://${values.bucket}/${values.prefix}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
