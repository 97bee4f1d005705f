/**
 * Ships one service's JSON log lines to the log bucket as gzip JSONL objects, in the layout Firehose writes by default
 * (hour partitions of the UTC arrival time of the batch's oldest line, the object named after the stream, version 1
 * and the same timestamp), under a per-service prefix:
 *
 *   app/<service>/YYYY/MM/DD/HH/<service>-1-YYYY-MM-DD-HH-mm-ss-<ULID>.jsonl.gz
 *
 * A batch is cut when it reaches `maxBatchBytes` (uncompressed), when its oldest line is `flushIntervalMs` old, on
 * flush() and on close(). Lines written while a batch is being sent go to the next batch. A batch's key is fixed
 * when it is cut, so retrying a PUT whose answer was lost overwrites the same object instead of duplicating its
 * lines; a batch that still fails after its retries is kept (up to `maxBufferedBytes` in all) and sent again with the
 * next batch or at close(). close() waits for every PUT in flight. The lines come already redacted from the logger (adapters/logs/logger.ts).
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { monotonicFactory } from 'ulid';

const gzip = promisify(gzipCallback);
/** Monotonic: one process's objects of the same second sort in the order they were cut. */
const ulid = monotonicFactory();

export interface S3LogShipperOptions {
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  /** The service's name: the second level of the key and the start of the object's name. */
  service: string;
  /** Where application logs live in the log bucket (resources/logs.yml: `app/`). */
  prefix?: string;
  /** Cut a batch once its lines reach this many bytes, uncompressed. Default 5 MiB, as the Firehose stream. */
  maxBatchBytes?: number;
  /** Cut a batch once its oldest line is this old. Default 60 s. */
  flushIntervalMs?: number;
  /** PUT attempts per send of a batch, and the backoff between them (doubling, with jitter, capped). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Lines waiting beyond this many bytes (the bucket unreachable for long) are dropped and counted. Default 64 MiB. */
  maxBufferedBytes?: number;
  now?: () => Date;
  /** Told about every failed PUT attempt (never throws into the writer). */
  onError?: (error: unknown, key: string, attempt: number) => void;
}

export interface S3LogShipperStats {
  objects: number;
  lines: number;
  dropped: number;
  failedAttempts: number;
}

interface Batch {
  key: string;
  lines: string[];
  bytes: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The object key for a batch whose oldest line arrived at `at` (UTC). */
export function logObjectKey(prefix: string, service: string, at: Date, id = ulid(at.getTime())): string {
  const y = pad(at.getUTCFullYear(), 4);
  const mo = pad(at.getUTCMonth() + 1);
  const d = pad(at.getUTCDate());
  const h = pad(at.getUTCHours());
  const mi = pad(at.getUTCMinutes());
  const s = pad(at.getUTCSeconds());
  const base = prefix.endsWith('/') || prefix === '' ? prefix : `${prefix}/`;
  return `${base}${service}/${y}/${mo}/${d}/${h}/${service}-1-${y}-${mo}-${d}-${h}-${mi}-${s}-${id}.jsonl.gz`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class S3LogShipper {
  private readonly options: Required<Omit<S3LogShipperOptions, 'onError' | 'retry'>> & {
    onError?: S3LogShipperOptions['onError'];
  };
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private lines: string[] = [];
  private bytes = 0;
  private firstAt: Date | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Batches cut but not yet stored, oldest first; a batch leaves only when its PUT succeeded. */
  private readonly unsent: Batch[] = [];
  private readonly sending = new Set<Batch>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /** After close() has finished nothing would send a line: it is dropped and counted. */
  private ended = false;
  readonly stats: S3LogShipperStats = { objects: 0, lines: 0, dropped: 0, failedAttempts: 0 };

  constructor(options: S3LogShipperOptions) {
    this.options = {
      prefix: 'app/',
      maxBatchBytes: 5 * 1024 * 1024,
      flushIntervalMs: 60_000,
      maxBufferedBytes: 64 * 1024 * 1024,
      now: () => new Date(),
      ...options,
    };
    this.attempts = Math.max(1, options.retry?.attempts ?? 5);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 200;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 10_000;
  }

  /** A sink for createLogger: `createLogger({ service, sink: (line) => shipper.write(line) })`. */
  write(line: string): void {
    const text = line.endsWith('\n') ? line.slice(0, -1) : line;
    if (text === '') return;
    const size = Buffer.byteLength(text) + 1;
    if (this.ended || this.bufferedBytes() + size > this.options.maxBufferedBytes) {
      this.stats.dropped++;
      return;
    }
    if (this.lines.length === 0) {
      this.firstAt = this.options.now();
      if (!this.closed) {
        this.timer = setTimeout(() => void this.flush().catch(() => {}), this.options.flushIntervalMs);
        this.timer.unref();
      }
    }
    this.lines.push(text);
    this.bytes += size;
    if (this.bytes >= this.options.maxBatchBytes) void this.flush().catch(() => {});
  }

  /**
   * Cuts the current batch and sends it, with every earlier batch still unsent. Resolves when they are stored;
   * rejects (keeping them for the next flush) when one still fails after its retries.
   */
  flush(): Promise<void> {
    this.cut();
    const sends = this.unsent.filter((batch) => !this.sending.has(batch)).map((batch) => this.track(batch));
    return Promise.all(sends).then(() => undefined);
  }

  /** Stops the timer, sends what is left, waits for every PUT in flight; rejects if some lines could not be stored. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
    await this.flush().catch(() => {});
    await Promise.allSettled([...this.inFlight]);
    this.ended = true;
    if (this.unsent.length > 0 || this.lines.length > 0) {
      const lost = this.unsent.reduce((n, batch) => n + batch.lines.length, 0) + this.lines.length;
      throw new Error(`log shipper for ${this.options.service}: ${lost} lines could not be stored`);
    }
  }

  private bufferedBytes(): number {
    return this.bytes + this.unsent.reduce((n, batch) => n + batch.bytes, 0);
  }

  private cut(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return;
    const at = this.firstAt ?? this.options.now();
    this.unsent.push({
      key: logObjectKey(this.options.prefix, this.options.service, at),
      lines: this.lines,
      bytes: this.bytes,
    });
    this.lines = [];
    this.bytes = 0;
    this.firstAt = undefined;
  }

  private track(batch: Batch): Promise<void> {
    this.sending.add(batch);
    const done = this.send(batch).finally(() => {
      this.sending.delete(batch);
      this.inFlight.delete(done);
    });
    this.inFlight.add(done);
    return done;
  }

  private async send(batch: Batch): Promise<void> {
    const body = await gzip(Buffer.from(`${batch.lines.join('\n')}\n`));
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        await this.options.s3.send(
          new PutObjectCommand({
            Bucket: this.options.bucket,
            Key: batch.key,
            Body: body,
            ContentType: 'application/x-ndjson',
          }),
        );
        const index = this.unsent.indexOf(batch);
        if (index >= 0) this.unsent.splice(index, 1);
        this.stats.objects++;
        this.stats.lines += batch.lines.length;
        return;
      } catch (error) {
        lastError = error;
        this.stats.failedAttempts++;
        this.options.onError?.(error, batch.key, attempt);
        if (attempt < this.attempts) {
          const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
          await sleep(delay / 2 + Math.random() * (delay / 2));
        }
      }
    }
    throw lastError;
  }
}
