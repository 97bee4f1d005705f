import { S3Client } from '@aws-sdk/client-s3';
import { timedRequests } from '../aws-sdk/timed-requests.js';

/** s3rver knows one account; any other key is refused before the signature is even checked. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * Per attempt, until the answer's headers: the largest request the shop sends is a log batch (5 MiB of JSONL before
 * gzip) from the log shipper, well under a second inside a region; `npm run logs` lists and reads log objects, and
 * the admin only presigns image uploads (the browser sends the bytes, not this client).
 */
export const S3_REQUEST_TIMEOUT_MS = 5000;
export const S3_ATTEMPTS = 3;

/**
 * An S3 client for AWS (no endpoint: the default credentials) or for s3rver (`endpoint`): path style, its one
 * account, and no flexible checksums, which s3rver would store as part of the body. A stuck S3 fails a call after
 * its attempts instead of holding it (and a log shipper's close) for as long as the socket stays open.
 */
export function createS3Client(options: { region: string; endpoint?: string }): S3Client {
  return new S3Client({
    region: options.region,
    maxAttempts: S3_ATTEMPTS,
    requestHandler: timedRequests(S3_REQUEST_TIMEOUT_MS),
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          credentials: EMULATOR_CREDENTIALS,
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
  });
}
