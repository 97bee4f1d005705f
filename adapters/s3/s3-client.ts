import { S3Client } from '@aws-sdk/client-s3';

/** s3rver knows one account; any other key is refused before the signature is even checked. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * An S3 client for AWS (no endpoint: the default credentials) or for s3rver (`endpoint`): path style, its one
 * account, and no flexible checksums, which s3rver would store as part of the body.
 */
export function createS3Client(options: { region: string; endpoint?: string }): S3Client {
  return new S3Client({
    region: options.region,
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
