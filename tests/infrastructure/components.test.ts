import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  packagedTemplate,
  type Resource,
  resource,
  resourcesOf,
  resourcesOfType,
  type Statement,
  type Template,
} from './template.js';

let ci: Template;
let prod: Template;
// Packaging takes a few seconds each, longer on a busy machine.
beforeAll(async () => {
  ci = await packagedTemplate('ci');
  prod = await packagedTemplate('prod');
}, 360_000);

const types = (template: Template) => new Set(Object.values(template.Resources).map((r) => r.Type));
const ref = (id: string) => ({ Ref: id });

/** The architecture's seed components, each with the resource types that make it up. */
const SEED_COMPONENTS: Record<string, string[]> = {
  'SPA on S3 + CloudFront': [
    'AWS::S3::Bucket',
    'AWS::CloudFront::Distribution',
    'AWS::CloudFront::OriginAccessControl',
  ],
  'API Gateway + Lambda': ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage', 'AWS::Lambda::Function'],
  'ECS + ALB': [
    'AWS::ECS::Cluster',
    'AWS::ECR::Repository',
    'AWS::ECS::TaskDefinition',
    'AWS::ECS::Service',
    'AWS::ApplicationAutoScaling::ScalableTarget',
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
  ],
  'RDS + replica': ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret'],
  DynamoDB: ['AWS::DynamoDB::Table'],
  ElastiCache: ['AWS::ElastiCache::ReplicationGroup'],
  OpenSearch: ['AWS::OpenSearchService::Domain'],
  EC2: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::IAM::InstanceProfile'],
  'Route 53': ['AWS::Route53::RecordSet'],
  'log bucket': [
    'AWS::S3::BucketPolicy',
    'AWS::KinesisFirehose::DeliveryStream',
    'AWS::Logs::SubscriptionFilter',
  ],
  network: ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::VPCEndpoint'],
  'WAF and alarms': ['AWS::WAFv2::WebACL', 'AWS::CloudWatch::Alarm', 'AWS::SNS::Topic'],
};

describe('every seed component is declared (the packaged ci and prod templates)', () => {
  it.each(Object.entries(SEED_COMPONENTS))('%s', (_, required) => {
    for (const template of [ci, prod]) for (const type of required) expect(types(template)).toContain(type);
  });

  it('four ECS services, each behind its own ALB target group, on Fargate ARM64 with the circuit breaker', () => {
    const services = resourcesOfType(ci, 'AWS::ECS::Service');
    expect(services.map(([id]) => id).sort()).toEqual([
      'CartService',
      'OrdersService',
      'SearchService',
      'UsersService',
    ]);
    for (const [id, service] of services) {
      const p = service.Properties as {
        TaskDefinition: { Ref: string };
        LoadBalancers: { TargetGroupArn: unknown; ContainerPort: number }[];
        DeploymentConfiguration: { DeploymentCircuitBreaker: unknown };
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: string } };
      };
      const name = id.replace(/Service$/, '');
      expect(p.LoadBalancers).toEqual([
        expect.objectContaining({ TargetGroupArn: ref(`${name}TargetGroup`) }),
      ]);
      expect(p.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
      expect(p.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
      const task = resource(ci, p.TaskDefinition.Ref).Properties;
      expect(task.RuntimePlatform).toEqual({ CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' });
      expect(task.RequiresCompatibilities).toEqual(['FARGATE']);
      const scaling = resourcesOfType(ci, 'AWS::ApplicationAutoScaling::ScalableTarget').filter(([, t]) =>
        JSON.stringify(t.Properties.ResourceId).includes(`${id}.Name`),
      );
      expect(scaling, id).toHaveLength(1);
    }
  });

  it('Aurora PostgreSQL with the Data API, Serverless v2, a writer and a reader in two AZs', () => {
    const cluster = resource(ci, 'DatabaseCluster').Properties;
    expect(cluster).toMatchObject({
      Engine: 'aurora-postgresql',
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
    });
    expect(cluster.ServerlessV2ScalingConfiguration).toBeDefined();
    const instances = resourcesOfType(ci, 'AWS::RDS::DBInstance').map(([, r]) => r.Properties);
    expect(instances.map((p) => p.DBInstanceClass)).toEqual(['db.serverless', 'db.serverless']);
    expect(new Set(instances.map((p) => JSON.stringify(p.AvailabilityZone))).size).toBe(2);
    expect(resource(prod, 'DatabaseCluster').Properties.DeletionProtection).toBe(true);
  });

  it('the admin host: private subnet, IMDSv2, encrypted volume, no key pair, reached on 8443 from one CIDR', () => {
    const instance = resource(ci, 'AdminInstance').Properties;
    expect(instance.SubnetId).toEqual(ref('PrivateSubnetA'));
    const data = resource(ci, 'AdminLaunchTemplate').Properties.LaunchTemplateData as Record<string, unknown>;
    expect(data.MetadataOptions).toMatchObject({ HttpTokens: 'required' });
    expect(data).not.toHaveProperty('KeyName');
    expect(JSON.stringify(data.BlockDeviceMappings)).toContain('"Encrypted":true');
    const userData = JSON.stringify(data.UserData);
    for (const setting of [
      'STAGE',
      'AWS_REGION',
      'RELEASE_URI',
      'DB_SECRET_ARN',
      'READER_HOST',
      'CATALOG_TABLE',
    ])
      expect(userData).toContain(`export ${setting}=`);
    expect(userData).toContain('deploy/bootstrap.sh');
    expect(resource(ci, 'AdminListener').Properties).toMatchObject({ Port: 8443, Protocol: 'HTTPS' });
  });

  it('prod runs two of everything in two AZs; dev one NAT gateway and single-node cache and search', () => {
    const parameters = (t: Template) =>
      (t as unknown as { Parameters: Record<string, { Default: unknown }> }).Parameters;
    expect(parameters(prod).NatGateways!.Default).toBe(2);
    expect(parameters(prod).CacheNodes!.Default).toBe(2);
    expect(parameters(prod).SearchInstances!.Default).toBe(2);
    expect(parameters(ci).NatGateways!.Default).toBe(1);
    expect(parameters(ci).CacheNodes!.Default).toBe(1);
  });
});

/** Every IAM statement of the template: roles' inline policies, managed and standalone policies. */
function iamStatements(template: Template): [string, Statement][] {
  const documents: [string, unknown][] = [];
  for (const [id, r] of Object.entries(template.Resources) as [string, Resource][]) {
    const p = r.Properties as Record<string, unknown>;
    if (r.Type === 'AWS::IAM::Role')
      for (const policy of (p.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
        documents.push([id, policy.PolicyDocument]);
    if (r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy')
      documents.push([id, p.PolicyDocument]);
  }
  return documents.flatMap(([id, doc]) => {
    const statements = (doc as { Statement: Statement | Statement[] }).Statement;
    return (Array.isArray(statements) ? statements : [statements]).map((s) => [id, s] as [string, Statement]);
  });
}

describe('least privilege', () => {
  it('no IAM statement allows every action, or any action on every resource but the few without a resource', () => {
    // Actions that name no resource in IAM: Resource "*" is the only way to grant them.
    const resourceless = new Set([
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ecr:GetAuthorizationToken',
    ]);
    for (const template of [ci, prod])
      for (const [id, statement] of iamStatements(template)) {
        if (statement.Effect !== 'Allow') continue;
        const actions = actionsOf(statement);
        expect(actions, id).not.toContain('*');
        for (const action of actions) expect(action, id).not.toMatch(/^[a-z0-9-]+:\*$/);
        if (resourcesOf(statement).includes('*'))
          for (const action of actions) expect(resourceless, `${id}: ${action} on *`).toContain(action);
      }
  });

  it('every Lambda function, ECS task and the admin host has a role of its own', () => {
    const roles: string[] = [];
    for (const [, fn] of resourcesOfType(ci, 'AWS::Lambda::Function'))
      roles.push((fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!);
    for (const [, task] of resourcesOfType(ci, 'AWS::ECS::TaskDefinition')) {
      roles.push((task.Properties.TaskRoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!);
      roles.push((task.Properties.ExecutionRoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!);
    }
    roles.push(
      ...(resource(ci, 'AdminInstanceProfile').Properties.Roles as { Ref: string }[]).map((r) => r.Ref),
    );
    expect(roles.length).toBe(7 + 4 * 2 + 1);
    expect(new Set(roles).size).toBe(roles.length);
    expect(roles).not.toContain('IamRoleLambdaExecution');
  });

  it('each task reads only its own secrets: users, cart and orders the database and cache, search OpenSearch', () => {
    const secretsOf = (id: string) =>
      (
        resource(ci, `${id}TaskDefinition`).Properties.ContainerDefinitions as {
          Secrets?: { ValueFrom: unknown }[];
        }[]
      )
        .flatMap((c) => c.Secrets ?? [])
        .map((s) => s.ValueFrom)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    for (const id of ['Users', 'Cart', 'Orders'])
      expect(secretsOf(id)).toEqual([ref('CacheUrlSecret'), ref('DatabaseUrlSecret')]);
    expect(secretsOf('Search')).toEqual([ref('SearchUrlSecret')]);
    const readable = iamStatements(ci)
      .filter(([id]) => id === 'SearchExecutionRole')
      .flatMap(([, s]) => (actionsOf(s).includes('secretsmanager:GetSecretValue') ? resourcesOf(s) : []));
    expect(readable).toEqual([ref('SearchUrlSecret')]);
  });
});
