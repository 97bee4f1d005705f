import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudFrontClient,
  CreateDistributionCommand,
  GetInvalidationCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cloudFormationOutputs,
  cloudFrontInvalidations,
  deployWeb,
  type Invalidations,
  STALE_SINCE,
  type StackOutputs,
} from '../../local/deploy-web.js';
import { freePort } from '../support/free-port.js';
import { describeWithService } from '../support/real-services.js';

const DAY = 24 * 60 * 60 * 1000;

/** Two consecutive builds, as Vite writes them: new hashes for changed files, public files under their own names. */
const BUILD_1: Record<string, string> = {
  'index.html': '<!doctype html><script type="module" src="/assets/index-Ab12Cd34.js"></script>',
  'assets/index-Ab12Cd34.js': 'import("/assets/cart-Ef56Gh78.js");'.repeat(50),
  'assets/cart-Ef56Gh78.js': 'export const cart = 1;',
  'assets/index-Xy9_Zw-1.css': 'body { margin: 0 }',
  'assets/demo/shoes-1.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'assets/demo/old-category-1.svg': '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
  'robots.txt': 'User-agent: *\n',
  '.source-hash': 'not published',
};
const BUILD_2: Record<string, string> = {
  'index.html': '<!doctype html><script type="module" src="/assets/index-Qr34St56.js"></script>',
  'assets/index-Qr34St56.js': 'import("/assets/cart-Ef56Gh78.js"); // v2'.repeat(50),
  'assets/cart-Ef56Gh78.js': 'export const cart = 1;',
  'assets/index-Xy9_Zw-1.css': 'body { margin: 0 }',
  'assets/photo-Uv78Wx90.png': randomBytes(3000).toString('latin1'),
  'assets/demo/shoes-1.svg': '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
  '.source-hash': 'not published',
};
const EXPECTED_HEADERS: Record<string, [string, string]> = {
  'index.html': ['text/html; charset=utf-8', 'no-cache'],
  'assets/index-Ab12Cd34.js': ['text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
  'assets/index-Qr34St56.js': ['text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
  'assets/cart-Ef56Gh78.js': ['text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
  'assets/index-Xy9_Zw-1.css': ['text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
  'assets/photo-Uv78Wx90.png': ['image/png', 'public, max-age=31536000, immutable'],
  'assets/demo/shoes-1.svg': ['image/svg+xml', 'public, max-age=300'],
  'favicon.svg': ['image/svg+xml', 'public, max-age=300'],
};

function writeBuild(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shop-deploy-web-dist-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), Buffer.from(content, 'latin1'));
  }
  return dir;
}

/** The S3 client as the deploy makes it, pointed at an emulator, recording when each PutObject starts and ends. */
function emulatorClient(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    credentials,
    forcePathStyle: true,
    // Otherwise the SDK streams bodies with aws-chunked framing, which s3rver stores as it is.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const puts: { key: string; event: 'start' | 'end' }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: string }).Key ?? '';
      const isPut = context.commandName === 'PutObjectCommand';
      if (isPut) puts.push({ key, event: 'start' });
      const result = await next(args);
      if (isPut) puts.push({ key, event: 'end' });
      return result;
    },
    { step: 'initialize', name: 'recordPuts' },
  );
  return { client, puts };
}

async function download(s3: S3Client, bucket: string, key: string) {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return {
    body: Buffer.from(await object.Body!.transformToByteArray()),
    contentType: object.ContentType,
    cacheControl: object.CacheControl,
  };
}

async function keysIn(s3: S3Client, bucket: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

/** The same scenario against each S3 emulator; `aws` gives the CloudFormation/CloudFront side. */
function deployScenario(
  connect: () => Promise<{ s3: ReturnType<typeof emulatorClient>; bucket: string }>,
  aws: (bucket: string) => Promise<{
    stacks: StackOutputs;
    invalidations: Invalidations;
    invalidationsRequested: () => Promise<string[][]>;
    stage: string;
    distributionId: string;
  }>,
) {
  let s3: ReturnType<typeof emulatorClient>;
  let bucket: string;
  let side: Awaited<ReturnType<typeof aws>>;
  const builds: string[] = [];
  let clock = new Date('2026-03-01T10:00:00Z');
  const deploy = (distDir: string) =>
    deployWeb({
      stage: side.stage,
      distDir,
      s3: s3.client,
      stacks: side.stacks,
      invalidations: side.invalidations,
      now: () => clock,
      concurrency: 4,
    });

  beforeAll(async () => {
    ({ s3, bucket } = await connect());
    side = await aws(bucket);
    builds.push(writeBuild(BUILD_1), writeBuild(BUILD_2));
  });
  afterAll(() => {
    for (const dir of builds) rmSync(dir, { recursive: true, force: true });
    s3?.client.destroy();
  });

  it('uploads every file with its Content-Type, Cache-Control and exact bytes, index.html last', async () => {
    const report = await deploy(builds[0]!);
    expect(report).toMatchObject({ bucket, distributionId: side.distributionId, deleted: [], kept: [] });
    const published = Object.keys(BUILD_1).filter((k) => !k.startsWith('.'));
    expect([...report.uploaded].sort()).toEqual([...published].sort());
    expect(await keysIn(s3.client, bucket)).toEqual([...published].sort());
    for (const key of published) {
      const object = await download(s3.client, bucket, key);
      expect(object.body.equals(Buffer.from(BUILD_1[key]!, 'latin1')), key).toBe(true);
      const [contentType, cacheControl] = EXPECTED_HEADERS[key] ?? [
        key.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'image/svg+xml',
        'public, max-age=300',
      ];
      expect({ key, contentType: object.contentType, cacheControl: object.cacheControl }).toEqual({
        key,
        contentType,
        cacheControl,
      });
    }
    // index.html starts only once every other upload has finished.
    const indexStart = s3.puts.findIndex((p) => p.key === 'index.html' && p.event === 'start');
    expect(s3.puts.filter((p) => p.event === 'end').length).toBe(published.length);
    expect(s3.puts.slice(0, indexStart).filter((p) => p.event === 'end')).toHaveLength(published.length - 1);
    expect(s3.puts.at(-1)).toEqual({ key: 'index.html', event: 'end' });
    expect(await side.invalidationsRequested()).toEqual([['/index.html', '/']]);
  });

  it('the next build: new files up first, stale files removed after, old hashed assets kept for the grace period', async () => {
    s3.puts.length = 0;
    clock = new Date(clock.getTime() + DAY);
    const report = await deploy(builds[1]!);
    const published = Object.keys(BUILD_2).filter((k) => !k.startsWith('.'));
    for (const key of published) {
      const object = await download(s3.client, bucket, key);
      expect(object.body.equals(Buffer.from(BUILD_2[key]!, 'latin1')), key).toBe(true);
      expect([object.contentType, object.cacheControl], key).toEqual(EXPECTED_HEADERS[key]);
    }
    expect(s3.puts.at(-1)).toEqual({ key: 'index.html', event: 'end' });
    // robots.txt left the build: gone at once. Old files under /assets/ stay for tabs opened before the deploy.
    expect(report.deleted).toEqual(['robots.txt']);
    expect(report.kept.map((k) => k.key).sort()).toEqual([
      'assets/demo/old-category-1.svg',
      'assets/index-Ab12Cd34.js',
    ]);
    expect(await keysIn(s3.client, bucket)).toEqual(
      [...published, 'assets/demo/old-category-1.svg', 'assets/index-Ab12Cd34.js'].sort(),
    );
    const marked = await s3.client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'assets/index-Ab12Cd34.js' }),
    );
    expect(marked.Metadata).toEqual({ [STALE_SINCE]: clock.toISOString() });
    // The old page's script still loads, with its bytes and headers.
    const old = await download(s3.client, bucket, 'assets/index-Ab12Cd34.js');
    expect(old.body.toString('latin1')).toBe(BUILD_1['assets/index-Ab12Cd34.js']);
    expect([old.contentType, old.cacheControl]).toEqual(EXPECTED_HEADERS['assets/index-Ab12Cd34.js']);
    expect(await side.invalidationsRequested()).toEqual([
      ['/index.html', '/'],
      ['/index.html', '/'],
    ]);
  });

  it('a deploy within the grace period keeps them; the first one after it removes them', async () => {
    const wentStale = clock;
    clock = new Date(wentStale.getTime() + 6 * DAY);
    const within = await deploy(builds[1]!);
    expect(within.deleted).toEqual([]);
    expect(within.kept).toEqual(
      expect.arrayContaining([{ key: 'assets/index-Ab12Cd34.js', staleSince: wentStale.toISOString() }]),
    );
    clock = new Date(wentStale.getTime() + 7 * DAY + 1000);
    const after = await deploy(builds[1]!);
    expect(after.deleted.sort()).toEqual(['assets/demo/old-category-1.svg', 'assets/index-Ab12Cd34.js']);
    expect(after.kept).toEqual([]);
    expect(await keysIn(s3.client, bucket)).toEqual(
      Object.keys(BUILD_2)
        .filter((k) => !k.startsWith('.'))
        .sort(),
    );
  });

  it('a rollback brings the older files back; a file that returns starts a new grace period when it leaves again', async () => {
    clock = new Date(clock.getTime() + DAY);
    const rolledBackAt = clock;
    const back = await deploy(builds[0]!);
    expect(back.deleted).toEqual([]);
    expect(back.kept).toEqual([
      { key: 'assets/index-Qr34St56.js', staleSince: rolledBackAt.toISOString() },
      { key: 'assets/photo-Uv78Wx90.png', staleSince: rolledBackAt.toISOString() },
    ]);
    expect((await download(s3.client, bucket, 'index.html')).body.toString()).toBe(BUILD_1['index.html']);
    clock = new Date(clock.getTime() + DAY);
    const forward = await deploy(builds[1]!);
    expect(forward.deleted).toEqual(['robots.txt']);
    expect(forward.kept.map((k) => k.key)).toEqual([
      'assets/demo/old-category-1.svg',
      'assets/index-Ab12Cd34.js',
    ]);
    // Rolled back again 10 days after the first rollback: the build-2 files were uploaded again since their tag,
    // so they are kept for a new grace period, not deleted on the strength of the old tag.
    clock = new Date(rolledBackAt.getTime() + 10 * DAY);
    const again = await deploy(builds[0]!);
    expect(again.deleted).toEqual([]);
    expect(again.kept).toEqual([
      { key: 'assets/index-Qr34St56.js', staleSince: clock.toISOString() },
      { key: 'assets/photo-Uv78Wx90.png', staleSince: clock.toISOString() },
    ]);
    clock = new Date(clock.getTime() + DAY);
    await deploy(builds[1]!);
  });

  it('refuses a build without index.html, and a stack without the outputs, before touching the bucket', async () => {
    const before = await keysIn(s3.client, bucket);
    s3.puts.length = 0;
    const empty = writeBuild({ 'assets/index-Ab12Cd34.js': 'x' });
    builds.push(empty);
    await expect(deploy(empty)).rejects.toThrow(/no index\.html: build the storefront first/);
    await expect(
      deployWeb({
        stage: side.stage,
        distDir: builds[1]!,
        s3: s3.client,
        stacks: { outputsOf: async () => ({ SiteBucketName: bucket }) },
        invalidations: side.invalidations,
      }),
    ).rejects.toThrow(/has no DistributionId output: deploy the stack first/);
    expect(s3.puts).toEqual([]);
    expect(await keysIn(s3.client, bucket)).toEqual(before);
  });
}

/** CloudFormation and CloudFront as recording fakes: the calls the deploy makes are the assertions. */
function fakeControlPlanes(bucket: string) {
  const describeCalls: string[] = [];
  const invalidationCalls: { distributionId: string; paths: string[]; callerReference: string }[] = [];
  return Promise.resolve({
    stage: 'demo',
    distributionId: 'E2EXAMPLE123',
    stacks: {
      async outputsOf(stackName: string) {
        describeCalls.push(stackName);
        if (stackName !== 'shop-demo') throw new Error(`Stack with id ${stackName} does not exist`);
        return {
          SiteBucketName: bucket,
          DistributionId: 'E2EXAMPLE123',
          DistributionDomainName: 'd1.example',
        };
      },
    },
    invalidations: {
      async invalidate(distributionId: string, paths: string[], callerReference: string) {
        invalidationCalls.push({ distributionId, paths, callerReference });
        return `I${invalidationCalls.length}`;
      },
    },
    invalidationsRequested: async () => {
      expect(new Set(describeCalls)).toEqual(new Set(['shop-demo']));
      expect(new Set(invalidationCalls.map((c) => c.distributionId))).toEqual(new Set(['E2EXAMPLE123']));
      expect(new Set(invalidationCalls.map((c) => c.callerReference)).size).toBe(invalidationCalls.length);
      return invalidationCalls.map((c) => c.paths);
    },
  });
}

describe('npm run deploy:web against s3rver (CloudFormation and CloudFront as recording fakes)', () => {
  let server: S3rver;
  const directory = mkdtempSync(join(tmpdir(), 'shop-s3rver-'));
  afterAll(async () => {
    await server?.close();
    rmSync(directory, { recursive: true, force: true });
  });
  deployScenario(async () => {
    const port = await freePort();
    server = new S3rver({ port, address: '127.0.0.1', directory, silent: true });
    await server.run();
    const s3 = emulatorClient(`http://127.0.0.1:${port}`, {
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    await s3.client.send(new CreateBucketCommand({ Bucket: 'shop-demo-sitebucket' }));
    return { s3, bucket: 'shop-demo-sitebucket' };
  }, fakeControlPlanes);
});

describeWithService(
  'MOTO_URL',
  'npm run deploy:web against moto (S3, CloudFormation and CloudFront)',
  (url) => {
    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    const bucket = `shop-moto-site-${randomBytes(4).toString('hex')}`;
    deployScenario(
      // The stack below creates the bucket, as resources/cdn.yml does.
      async () => ({ s3: emulatorClient(url, credentials), bucket }),
      async (siteBucket) => {
        // The real adapters, against moto's CloudFormation and CloudFront.
        const cloudFront = new CloudFrontClient({ endpoint: url, region: 'us-east-1', credentials });
        const { Distribution } = await cloudFront.send(
          new CreateDistributionCommand({
            DistributionConfig: {
              CallerReference: `deploy-web-test-${siteBucket}`,
              Comment: 'deploy:web test',
              Enabled: true,
              Origins: {
                Quantity: 1,
                Items: [
                  {
                    Id: 'SiteBucket',
                    DomainName: `${siteBucket}.s3.amazonaws.com`,
                    S3OriginConfig: { OriginAccessIdentity: '' },
                  },
                ],
              },
              DefaultCacheBehavior: {
                TargetOriginId: 'SiteBucket',
                ViewerProtocolPolicy: 'redirect-to-https',
                CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
              },
            },
          }),
        );
        const distributionId = Distribution!.Id!;
        const stage = `moto${randomBytes(3).toString('hex')}`;
        const cloudFormation = new CloudFormationClient({ endpoint: url, region: 'us-east-1', credentials });
        await cloudFormation.send(
          new CreateStackCommand({
            StackName: `shop-${stage}`,
            TemplateBody: JSON.stringify({
              Resources: { SiteBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: siteBucket } } },
              Outputs: {
                SiteBucketName: { Value: { Ref: 'SiteBucket' } },
                DistributionId: { Value: distributionId },
              },
            }),
          }),
        );
        return {
          stage,
          distributionId,
          stacks: cloudFormationOutputs(cloudFormation),
          invalidations: cloudFrontInvalidations(cloudFront),
          invalidationsRequested: async () => {
            const { InvalidationList } = await cloudFront.send(
              new ListInvalidationsCommand({ DistributionId: distributionId }),
            );
            const requested = await Promise.all(
              (InvalidationList?.Items ?? []).map((i) =>
                cloudFront.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: i.Id! })),
              ),
            );
            return requested.map((r) => r.Invalidation?.InvalidationBatch?.Paths?.Items ?? []);
          },
        };
      },
    );
  },
);
