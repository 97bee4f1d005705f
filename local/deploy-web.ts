/**
 * `npm run deploy:web -- --stage X`: uploads the storefront build (web/dist) to the stage's site bucket and tells
 * CloudFront to fetch /index.html again.
 *
 * 1. Reads the stack's outputs `SiteBucketName` and `DistributionId` (stack `shop-<stage>`, resources/cdn.yml).
 * 2. Uploads every file but index.html with its Content-Type and Cache-Control (local/edge/site-files.ts, the
 *    rules the local edge serves with): hashed /assets/ immutable for a year, other files 5 minutes.
 * 3. Uploads index.html last (no-cache): no page can reference a file that is not up yet.
 * 4. Removes the files the new build no longer has, only now. Under /assets/ they are kept for a grace period
 *    (default 7 days): pages opened before the deploy still load their lazy chunks and images from the old build.
 *    Each gets `x-amz-meta-stale-since` the first deploy it is missing from, and is deleted by the first deploy
 *    after the grace period; a file that comes back in a later build is uploaded again, without the mark.
 * 5. Invalidates /index.html and / on the distribution.
 *
 * The AWS calls go through the SDK v3 clients; CloudFormation and CloudFront sit behind two small interfaces so the
 * test can check what is asked of them (the S3 part runs against a real S3 emulator).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { cacheControlOf, contentTypeOf, isPublished } from './edge/site-files.js';

/** User metadata (`x-amz-meta-stale-since`) on a file of an earlier build: when it left the build. */
export const STALE_SINCE = 'stale-since';
export const INVALIDATED_PATHS = ['/index.html', '/'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** CloudFormation's DescribeStacks, as far as the deploy needs it. */
export interface StackOutputs {
  outputsOf(stackName: string): Promise<Record<string, string>>;
}

/** CloudFront's CreateInvalidation, as far as the deploy needs it. */
export interface Invalidations {
  invalidate(distributionId: string, paths: string[], callerReference: string): Promise<string>;
}

export interface SiteFile {
  /** The S3 key: the path under dist, with / separators and no leading slash. */
  key: string;
  body: Buffer;
  contentType: string;
  cacheControl: string;
}

export interface DeployOptions {
  stage: string;
  distDir: string;
  s3: S3Client;
  stacks: StackOutputs;
  invalidations: Invalidations;
  /** Stack name; serverless names it `<service>-<stage>`. */
  stackName?: string;
  graceDays?: number;
  now?: () => Date;
  concurrency?: number;
  /** One line per step, for the person deploying. */
  log?: (line: string) => void;
}

export interface DeployReport {
  bucket: string;
  distributionId: string;
  uploaded: string[];
  bytes: number;
  deleted: string[];
  /** Files of earlier builds kept for the grace period, with the time they went stale. */
  kept: { key: string; staleSince: string }[];
  invalidationId: string;
}

/** The files of a build, published ones only (no dot files such as the build's source-hash marker). */
export function readBuild(distDir: string): SiteFile[] {
  const files = readdirSync(distDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter(isPublished)
    .sort();
  return files.map((key) => ({
    key,
    body: readFileSync(join(distDir, key)),
    contentType: contentTypeOf(`/${key}`),
    cacheControl: cacheControlOf(`/${key}`),
  }));
}

async function inBatches<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/**
 * When a file left the build: `x-amz-meta-stale-since`, set by copying the object onto itself the first deploy it
 * is missing from. Metadata belongs to one upload, so a file that a later build brings back loses the mark (tags
 * would do too on S3, but some emulators keep an object's tags across uploads and deletes).
 */
async function markedStale(s3: S3Client, bucket: string, key: string, now: Date): Promise<Date> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const since = new Date(head.Metadata?.[STALE_SINCE] ?? '');
  if (!Number.isNaN(since.getTime())) return since;
  await s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: key,
      CopySource: `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
      MetadataDirective: 'REPLACE',
      Metadata: { ...head.Metadata, [STALE_SINCE]: now.toISOString() },
      ContentType: head.ContentType,
      CacheControl: head.CacheControl,
    }),
  );
  return now;
}

function put(s3: S3Client, bucket: string, file: SiteFile) {
  return s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: file.key,
      Body: file.body,
      ContentType: file.contentType,
      CacheControl: file.cacheControl,
      // S3 refuses the upload if the bytes it received differ.
      ContentMD5: createHash('md5').update(file.body).digest('base64'),
    }),
  );
}

export async function deployWeb(options: DeployOptions): Promise<DeployReport> {
  const { s3, stage, log = () => {} } = options;
  const now = options.now ?? (() => new Date());
  const graceMs = (options.graceDays ?? 7) * DAY_MS;
  const stackName = options.stackName ?? `shop-${stage}`;

  const files = readBuild(options.distDir);
  const index = files.find((f) => f.key === 'index.html');
  if (!index)
    throw new Error(`${options.distDir} has no index.html: build the storefront first (npm run build:web)`);

  const outputs = await options.stacks.outputsOf(stackName);
  const bucket = outputs.SiteBucketName;
  const distributionId = outputs.DistributionId;
  if (!bucket || !distributionId)
    throw new Error(
      `stack ${stackName} has no ${bucket ? 'DistributionId' : 'SiteBucketName'} output: ` +
        `deploy the stack first (npm run deploy -- --stage ${stage})`,
    );
  log(`  Stack ${stackName}: bucket ${bucket}, distribution ${distributionId}`);

  const rest = files.filter((f) => f !== index);
  const uploaded: string[] = [];
  await inBatches(rest, options.concurrency ?? 8, async (file) => {
    await put(s3, bucket, file);
    uploaded.push(file.key);
  });
  log(`  Uploaded ${rest.length} files`);
  await put(s3, bucket, index);
  uploaded.push(index.key);
  log('  Uploaded index.html (last)');

  const current = new Set(files.map((f) => f.key));
  const deleted: string[] = [];
  const kept: DeployReport['kept'] = [];
  for (const key of (await listKeys(s3, bucket)).filter((k) => !current.has(k))) {
    if (key.startsWith('assets/')) {
      const since = await markedStale(s3, bucket, key, now());
      if (now().getTime() - since.getTime() < graceMs) {
        kept.push({ key, staleSince: since.toISOString() });
        continue;
      }
    }
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    deleted.push(key);
  }
  log(
    `  Removed ${deleted.length} files of earlier builds; kept ${kept.length} under /assets/ for ` +
      `${options.graceDays ?? 7} days after they went stale`,
  );

  const invalidationId = await options.invalidations.invalidate(
    distributionId,
    INVALIDATED_PATHS,
    `deploy-web-${stage}-${now().getTime()}`,
  );
  log(`  Invalidation ${invalidationId} for ${INVALIDATED_PATHS.join(' ')}`);
  return {
    bucket,
    distributionId,
    uploaded,
    bytes: files.reduce((sum, f) => sum + f.body.length, 0),
    deleted,
    kept,
    invalidationId,
  };
}

/** The stack's outputs through CloudFormation's DescribeStacks. */
export function cloudFormationOutputs(client: CloudFormationClient): StackOutputs {
  return {
    async outputsOf(stackName) {
      const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
      return Object.fromEntries(
        (Stacks?.[0]?.Outputs ?? []).flatMap((o) =>
          o.OutputKey ? [[o.OutputKey, o.OutputValue ?? '']] : [],
        ),
      );
    },
  };
}

/** Invalidations through CloudFront's CreateInvalidation. */
export function cloudFrontInvalidations(client: CloudFrontClient): Invalidations {
  return {
    async invalidate(distributionId, paths, callerReference) {
      const { Invalidation } = await client.send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: {
            CallerReference: callerReference,
            Paths: { Quantity: paths.length, Items: paths },
          },
        }),
      );
      return Invalidation?.Id ?? '';
    },
  };
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      region: { type: 'string' },
      dist: { type: 'string', default: 'web/dist' },
      stack: { type: 'string' },
      'grace-days': { type: 'string', default: '7' },
    },
  });
  const graceDays = Number(values['grace-days']);
  if (!values.stage || !/^[A-Za-z0-9-]+$/.test(values.stage) || !(graceDays >= 0)) {
    console.error(
      'Usage: npm run deploy:web -- --stage <stage> [--region us-east-1] [--dist web/dist] [--stack shop-<stage>] [--grace-days 7]',
    );
    process.exit(2);
  }
  const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const root = resolve(new URL('..', import.meta.url).pathname);
  console.log(`\n  Deploying the storefront to stage ${values.stage} (${region})\n`);
  const report = await deployWeb({
    stage: values.stage,
    distDir: resolve(root, values.dist),
    stackName: values.stack,
    graceDays,
    s3: new S3Client({ region }),
    stacks: cloudFormationOutputs(new CloudFormationClient({ region })),
    // CloudFront's API lives in us-east-1 whatever the stack's region.
    invalidations: cloudFrontInvalidations(new CloudFrontClient({ region: 'us-east-1' })),
    log: (line) => console.log(line),
  });
  console.log(
    `\n  Done: ${report.uploaded.length} files (${(report.bytes / 1024).toFixed(0)} KB) in s3://${report.bucket}.\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: Error) => {
    console.error(`\n  The storefront deploy failed: ${error.message}\n`);
    process.exit(1);
  });
}
