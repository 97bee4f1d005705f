import S3rver from 's3rver';

/** Browsers PUT to the presigned URL from the admin's page (another origin), and the storefront GETs what it shows. */
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export interface ImagesBucket {
  /** The admin's settings for it: pass these in the admin's environment. */
  env: { IMAGES_BUCKET: string; S3_ENDPOINT: string; IMAGES_PUBLIC_URL: string };
  /** The log bucket beside it, when one was asked for (`logBucket`). */
  logBucket?: string;
  stop(): Promise<void>;
}

/**
 * The product images bucket for the local stack: s3rver on `port`, its files under `directory`. Images are read
 * straight from it (path style: http://127.0.0.1:port/bucket/images/products/...).
 */
export async function startImagesBucket(options: {
  port: number;
  directory: string;
  bucket?: string;
  /** Also serve this (private) bucket: the log bucket of the local shop, on the same emulator. */
  logBucket?: string;
}): Promise<ImagesBucket> {
  const bucket = options.bucket ?? 'shop-local-images';
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    directory: options.directory,
    silent: true,
    configureBuckets: [
      { name: bucket, configs: [CORS] },
      ...(options.logBucket ? [{ name: options.logBucket, configs: [] }] : []),
    ],
  });
  await server.run();
  const endpoint = `http://127.0.0.1:${options.port}`;
  return {
    env: { IMAGES_BUCKET: bucket, S3_ENDPOINT: endpoint, IMAGES_PUBLIC_URL: `${endpoint}/${bucket}` },
    logBucket: options.logBucket,
    stop: () => server.close(),
  };
}
