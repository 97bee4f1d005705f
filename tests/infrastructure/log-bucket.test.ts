import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/logs/logger.js';
import { logObjectKey } from '../../adapters/logs/s3-log-shipper.js';
import {
  actionsOf,
  dependsOn,
  packagedTemplate,
  resource,
  resourcesOf,
  resourcesOfType,
  type Statement,
  type Template,
} from './template.js';

let template: Template;
// Packaging takes a few seconds, longer on a busy machine.
beforeAll(async () => {
  template = await packagedTemplate('ci');
}, 180_000);

const logBucketStatements = (): Statement[] => {
  const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy').filter(
    ([, p]) => (p.Properties.Bucket as { Ref?: string }).Ref === 'LogBucket',
  );
  expect(policies).toHaveLength(1);
  return (policies[0]![1].Properties.PolicyDocument as { Statement: Statement[] }).Statement;
};
const albAttribute = (key: string) =>
  (
    resource(template, 'ServicesLoadBalancer').Properties.LoadBalancerAttributes as {
      Key: string;
      Value: unknown;
    }[]
  ).find((a) => a.Key === key)?.Value;

describe('the log bucket policy', () => {
  it("lets the regional ELB account write under the ALB's log prefix", () => {
    expect(albAttribute('access_logs.s3.enabled')).toBe('true');
    expect(albAttribute('access_logs.s3.bucket')).toEqual({ Ref: 'LogBucket' });
    const prefix = albAttribute('access_logs.s3.prefix') as string;
    const elb = logBucketStatements().filter(
      (s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('Fn::FindInMap'),
    );
    expect(elb).toHaveLength(1);
    const [statement] = elb;
    expect(actionsOf(statement!)).toEqual(['s3:PutObject']);
    expect(resourcesOf(statement!)).toEqual([
      { 'Fn::Sub': `\${LogBucket.Arn}/${prefix}/AWSLogs/\${AWS::AccountId}/*` },
    ]);
    const [pattern, { ElbAccount }] = (
      statement!.Principal as { AWS: { 'Fn::Sub': [string, { ElbAccount: unknown }] } }
    ).AWS['Fn::Sub'];
    expect(pattern).toBe(`arn:\${AWS::Partition}:iam::\${ElbAccount}:root`);
    const [map, region, key] = (ElbAccount as { 'Fn::FindInMap': [string, unknown, string] })[
      'Fn::FindInMap'
    ];
    expect(region).toEqual({ Ref: 'AWS::Region' });
    // Elastic Load Balancing's log delivery account in us-east-1 (ELB user guide, "Enable access logs").
    expect(template.Mappings?.[map]?.['us-east-1']?.[key]).toBe('127311923021');
    // ELB checks it can write when access logs are switched on: the policy must exist first.
    expect(dependsOn(resource(template, 'ServicesLoadBalancer'))).toContain('LogBucketPolicy');
  });

  it("lets S3 server access logging write the site bucket's prefix, for this account only", () => {
    const logging = (resource(template, 'SiteBucket').Properties.LoggingConfiguration ?? {}) as {
      DestinationBucketName?: unknown;
      LogFilePrefix?: string;
    };
    expect(logging.DestinationBucketName).toEqual({ Ref: 'LogBucket' });
    const statement = logBucketStatements().find(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'logging.s3.amazonaws.com' }),
    );
    expect(statement).toBeDefined();
    expect(statement!.Effect).toBe('Allow');
    expect(actionsOf(statement!)).toEqual(['s3:PutObject']);
    const [granted] = resourcesOf(statement!) as { 'Fn::Sub': string }[];
    const grantedPrefix = granted!['Fn::Sub'].replace(`\${LogBucket.Arn}/`, '').replace(/\*$/, '');
    expect(logging.LogFilePrefix?.startsWith(grantedPrefix)).toBe(true);
    expect(grantedPrefix).toMatch(/^s3\//);
    expect(statement!.Condition?.StringEquals?.['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(dependsOn(resource(template, 'SiteBucket'))).toContain('LogBucketPolicy');
  });

  it('refuses every request that is not over TLS', () => {
    const deny = logBucketStatements().find((s) => s.Effect === 'Deny');
    expect(deny).toMatchObject({
      Principal: '*',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(resourcesOf(deny!)).toEqual([
      { 'Fn::GetAtt': ['LogBucket', 'Arn'] },
      { 'Fn::Sub': `\${LogBucket.Arn}/*` },
    ]);
  });

  it('keeps ACLs enabled for CloudFront standard logging and encrypts with SSE-S3', () => {
    const bucket = resource(template, 'LogBucket').Properties;
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] });
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('AES256');
    const logging = (resource(template, 'Distribution').Properties.DistributionConfig as { Logging: unknown })
      .Logging;
    expect(logging).toEqual({
      Bucket: { 'Fn::GetAtt': ['LogBucket', 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });
});

describe('application logs through Firehose', () => {
  const destination = () =>
    resource(template, 'AppLogsStream').Properties.ExtendedS3DestinationConfiguration as {
      Prefix: string;
      CompressionFormat: string;
      FileExtension: string;
      ProcessingConfiguration: { Processors: { Type: string; Parameters: { ParameterValue: string }[] }[] };
    };

  it('writes the key layout the local log collector writes and `npm run logs` reads', () => {
    const at = new Date(Date.UTC(2026, 10, 26, 3, 4, 5));
    const key = logObjectKey('app/', 'orders', at);
    const firehosePrefix = destination()
      .Prefix.replace('!{partitionKeyFromQuery:service}', 'orders')
      .replace('!{timestamp:yyyy/MM/dd/HH}', '2026/11/26/03');
    expect(key.startsWith(firehosePrefix)).toBe(true);
    expect(key.slice(firehosePrefix.length)).not.toContain('/');
    expect(key.endsWith(destination().FileExtension)).toBe(true);
    expect(destination().CompressionFormat).toBe('GZIP');
  });

  it("partitions by the service field every logger line carries, after unpacking CloudWatch's batches", () => {
    const processors = destination().ProcessingConfiguration.Processors;
    expect(processors.map((p) => p.Type)).toEqual([
      'Decompression',
      'CloudWatchLogProcessing',
      'MetadataExtraction',
      'AppendDelimiterToRecord',
    ]);
    const query = processors[2]!.Parameters[0]!.ParameterValue;
    expect(query).toBe('{service: .service}');
    const line = JSON.parse(
      (() => {
        let written = '';
        createLogger({ service: 'orders', sink: (l) => (written = l) }).info('request');
        return written;
      })(),
    );
    expect(line.service).toBe('orders');
  });
});
