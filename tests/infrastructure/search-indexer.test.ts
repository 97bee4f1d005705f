import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  packagedTemplate,
  resource,
  resourcesOf,
  resourcesOfType,
  roleStatements,
  type Statement,
  type Template,
} from './template.js';

let template: Template;
// Packaging takes a few seconds, longer on a busy machine.
beforeAll(async () => {
  template = await packagedTemplate('ci');
}, 180_000);

const FUNCTION = 'IndexCatalogStreamLambdaFunction';
const QUEUE = 'SearchIndexerDeadLetterQueue';
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

function mapping() {
  const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
    ([, r]) => JSON.stringify(r.Properties.FunctionName) === JSON.stringify(getAtt(FUNCTION, 'Arn')),
  );
  expect(mappings).toHaveLength(1);
  return mappings[0]![1];
}

const roleId = () =>
  (resource(template, FUNCTION).Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

describe('the search indexer (catalog table stream -> OpenSearch)', () => {
  it('the catalog table streams new and old images', () => {
    expect(resource(template, 'CatalogTable').Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });

  it('reads the catalog stream from its oldest record, reporting partial batch failures and bisecting', () => {
    const { Properties: p, DependsOn } = mapping();
    expect(p.EventSourceArn).toEqual(getAtt('CatalogTable', 'StreamArn'));
    expect(p.Enabled).toBe(true);
    expect(p.StartingPosition).toBe('TRIM_HORIZON');
    expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(p.BisectBatchOnFunctionError).toBe(true);
    // Bounded, so a poison record cannot hold its shard for the stream's whole 24 h.
    expect(p.MaximumRetryAttempts).toBeGreaterThanOrEqual(1);
    expect(p.MaximumRetryAttempts).toBeLessThanOrEqual(20);
    // The mapping is created only once the role may read the stream (Lambda checks it at creation).
    expect(DependsOn).toContain(roleId());
  });

  it('waits at most 1 s to fill a batch (the 1 s freshness goal), with batches Lambda can carry', () => {
    const p = mapping().Properties;
    expect(p.MaximumBatchingWindowInSeconds).toBeDefined();
    expect(p.MaximumBatchingWindowInSeconds as number).toBeLessThanOrEqual(1);
    expect(p.BatchSize as number).toBeGreaterThanOrEqual(1);
    expect(p.BatchSize as number).toBeLessThanOrEqual(1000);
  });

  it('sends a batch it gives up on to an encrypted, TLS-only queue that keeps it for 14 days', () => {
    expect(mapping().Properties.DestinationConfig).toEqual({
      OnFailure: { Destination: getAtt(QUEUE, 'Arn') },
    });
    const queue = resource(template, QUEUE);
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties.KmsMasterKeyId).toEqual({ Ref: 'DataKey' });
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    const [, policy] = resourcesOfType(template, 'AWS::SQS::QueuePolicy').find(([, r]) =>
      JSON.stringify(r.Properties.Queues).includes(QUEUE),
    )!;
    const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('runs in the VPC (OpenSearch is there) with the domain from its secret and a timeout above its write bound', () => {
    const fn = resource(template, FUNCTION).Properties as {
      VpcConfig?: unknown;
      Timeout: number;
      Environment: { Variables: Record<string, unknown> };
    };
    expect(fn.VpcConfig).toBeDefined();
    expect(fn.Environment.Variables).toMatchObject({
      OPENSEARCH_URL: { 'Fn::Sub': `{{resolve:secretsmanager:\${SearchUrlSecret}:SecretString}}` },
      SEARCH_ALIAS: 'shop-ci-products',
      CATALOG_TABLE: 'shop-ci-catalog',
    });
    // Upsert and remove run side by side, each bounded: the batch ends well before Lambda would kill it.
    expect(fn.Timeout * 1000).toBeGreaterThanOrEqual(
      3 * Number(fn.Environment.Variables.SEARCH_WRITE_TIMEOUT_MS),
    );
  });

  it('has exactly the rights it uses: the stream, the categories, a category’s products, its queue', () => {
    const grants = roleStatements(template, roleId()).filter((s) => s.Effect === 'Allow');
    const isLogs = (s: Statement) => actionsOf(s).every((a) => a.startsWith('logs:'));
    const isNetwork = (s: Statement) => actionsOf(s).every((a) => a.startsWith('ec2:'));
    const own = grants
      .filter((s) => !isLogs(s) && !isNetwork(s))
      .map((s) => ({ actions: actionsOf(s).sort(), resources: resourcesOf(s), condition: s.Condition }));
    expect(own).toEqual([
      {
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resources: [getAtt('CatalogTable', 'StreamArn')],
        condition: undefined,
      },
      {
        actions: ['dynamodb:Query'],
        resources: [getAtt('CatalogTable', 'Arn')],
        // Only the categories' partition: no product item, no SKU item through the table.
        condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['$shop'] } },
      },
      {
        actions: ['dynamodb:Query'],
        resources: [{ 'Fn::Sub': `\${CatalogTable.Arn}/index/gsi2` }],
        condition: undefined,
      },
      { actions: ['sqs:SendMessage'], resources: [getAtt(QUEUE, 'Arn')], condition: undefined },
      {
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [getAtt('DataKey', 'Arn')],
        condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': `sqs.\${AWS::Region}.amazonaws.com` } } },
      },
    ]);
    expect(grants.filter(isLogs).map((s) => [actionsOf(s).sort(), resourcesOf(s)])).toEqual([
      [['logs:CreateLogStream', 'logs:PutLogEvents'], [getAtt('IndexCatalogStreamLogGroup', 'Arn')]],
    ]);
    // The shared VPC policy, nothing more: the network rights every function in the VPC has.
    expect(resource(template, roleId()).Properties.ManagedPolicyArns).toEqual([
      { Ref: 'LambdaVpcAccessPolicy' },
    ]);
    // No DynamoDB write of any kind.
    expect(
      grants.flatMap(actionsOf).filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)),
    ).toEqual([]);
  });
});
