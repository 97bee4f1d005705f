/**
 * What CloudWatch Logs and the Firehose stream do on AWS (resources/log-shipping.yml), for the local shop: every
 * line a process writes reaches the log bucket (s3rver), gzip JSONL under app/<service>/YYYY/MM/DD/HH/, one shipper
 * per service named in the lines. Output that is not a JSON log line (a framework's banner, a crash's stack trace)
 * is kept too, as a line of the process that wrote it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { redactText } from '../adapters/logs/logger.js';
import { S3LogShipper } from '../adapters/logs/s3-log-shipper.js';

/** The service a logger's line names, without parsing the whole line (the logger writes it among the first fields). */
const SERVICE_FIELD = /^\{[^{}]{0,120}?"service":"([a-z0-9-]{1,40})"/;

export interface LogCollector {
  /** A sink for the lines of one process (`process` names the lines that are not JSON log lines). */
  sink(process: string): (line: string) => void;
  /** Ships what is left and waits for it; lines that could not be stored are reported, not thrown. */
  close(): Promise<void>;
  readonly bucket: string;
}

export function startLogCollector(options: {
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  /** Short locally, so `npm run logs` finds a request's lines seconds after it was served (Firehose: 5 min). */
  flushIntervalMs?: number;
  warn?: (message: string) => void;
}): LogCollector {
  const shippers = new Map<string, S3LogShipper>();
  let warned = false;
  const shipperFor = (service: string) => {
    let shipper = shippers.get(service);
    if (!shipper) {
      shipper = new S3LogShipper({
        s3: options.s3,
        bucket: options.bucket,
        service,
        flushIntervalMs: options.flushIntervalMs ?? 2000,
        maxBatchBytes: 1024 * 1024,
        retry: { attempts: 3, baseDelayMs: 100 },
        onError: (error) => {
          if (warned) return;
          warned = true;
          options.warn?.(`log lines are not reaching s3://${options.bucket}: ${(error as Error).message}`);
        },
      });
      shippers.set(service, shipper);
    }
    return shipper;
  };
  return {
    bucket: options.bucket,
    sink: (process) => (line) => {
      if (line.trim() === '') return;
      const service = SERVICE_FIELD.exec(line)?.[1];
      if (service) return shipperFor(service).write(line);
      shipperFor(process).write(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'info',
          service: process,
          msg: redactText(line.slice(0, 16 * 1024)),
          raw: true,
        }),
      );
    },
    close: async () => {
      const results = await Promise.allSettled([...shippers.values()].map((shipper) => shipper.close()));
      for (const result of results)
        if (result.status === 'rejected') options.warn?.((result.reason as Error).message);
    },
  };
}
