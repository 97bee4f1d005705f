import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  packagedTemplate,
  ROOT,
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

const functions = () => resourcesOfType(template, 'AWS::Lambda::Function');
const roleOf = (functionId: string) =>
  (resource(template, functionId).Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
const isLogs = (s: Statement) => actionsOf(s).every((a) => a.startsWith('logs:'));
const isNetwork = (s: Statement) => actionsOf(s).every((a) => a.startsWith('ec2:'));
const grants = (template: Template, roleId: string) =>
  roleStatements(template, roleId).filter((s) => s.Effect === 'Allow');

/** The RDS Data API calls the Kysely dialect makes: the commands it imports from the client. */
function dataApiCalls(): string[] {
  const source = readFileSync(join(ROOT, 'adapters/postgres/data-api-dialect.ts'), 'utf8');
  const imports = /import\s*\{([^}]+)\}\s*from\s*'@aws-sdk\/client-rds-data'/.exec(source)?.[1] ?? '';
  return [...imports.matchAll(/\b(\w+)Command\b/g)].map((m) => `rds-data:${m[1]}`).sort();
}

describe('Lambda execution roles', () => {
  it('each function has a role of its own', () => {
    const roles = functions().map(([id]) => roleOf(id));
    expect(roles.length).toBeGreaterThan(0);
    expect(new Set(roles).size).toBe(roles.length);
    expect(roles).not.toContain('IamRoleLambdaExecution');
  });

  // roleStatements refuses AWS managed policies (AWSLambdaVPCAccessExecutionRole writes any log group).
  it('a role writes only its own log group, and nothing allows a wildcard action', () => {
    for (const [functionId] of functions()) {
      const role = roleOf(functionId);
      const logGroup = functionId.replace(/LambdaFunction$/, 'LogGroup');
      for (const statement of grants(template, role)) {
        for (const action of actionsOf(statement)) expect(action, role).not.toMatch(/\*/);
        if (!isLogs(statement)) continue;
        expect(actionsOf(statement).sort(), role).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
        expect(resourcesOf(statement), role).toEqual([{ 'Fn::GetAtt': [logGroup, 'Arn'] }]);
      }
      expect(grants(template, role).some(isLogs), `${role} must be able to write ${logGroup}`).toBe(true);
    }
  });

  it('recoverOrders may make exactly the Data API calls of its dialect on the cluster and read the cluster secret', () => {
    const statements = grants(template, roleOf('RecoverOrdersLambdaFunction')).filter((s) => !isLogs(s));
    const dataApi = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('rds-data:')));
    expect(dataApiCalls()).toContain('rds-data:ExecuteStatement');
    expect(dataApi.flatMap(actionsOf).sort()).toEqual(dataApiCalls());
    for (const s of dataApi)
      expect(resourcesOf(s)).toEqual([{ 'Fn::GetAtt': ['DatabaseCluster', 'DBClusterArn'] }]);
    const rest = statements.filter((s) => !dataApi.includes(s));
    expect(rest.map((s) => [actionsOf(s), resourcesOf(s), s.Condition])).toEqual([
      [['secretsmanager:GetSecretValue'], [{ Ref: 'DatabaseSecret' }], undefined],
      // The secret is encrypted with the stage's key, which it may use only through Secrets Manager.
      [
        ['kms:Decrypt'],
        [{ 'Fn::GetAtt': ['DataKey', 'Arn'] }],
        { StringEquals: { 'kms:ViaService': { 'Fn::Sub': `secretsmanager.\${AWS::Region}.amazonaws.com` } } },
      ],
    ]);
  });

  it('the catalog functions may only GetItem and Query the catalog table and its indexes (no writes)', () => {
    for (const functionId of [
      'ListProductsLambdaFunction',
      'GetProductLambdaFunction',
      'ListCategoriesLambdaFunction',
    ]) {
      const statements = grants(template, roleOf(functionId)).filter((s) => !isLogs(s) && !isNetwork(s));
      expect(statements.flatMap(actionsOf).sort(), functionId).toEqual([
        'dynamodb:GetItem',
        'dynamodb:Query',
      ]);
      for (const s of statements) {
        expect(resourcesOf(s)).toEqual([
          { 'Fn::GetAtt': ['CatalogTable', 'Arn'] },
          { 'Fn::Sub': `\${CatalogTable.Arn}/index/*` },
        ]);
      }
    }
  });

  it('functions in the VPC may manage network interfaces only in its private subnets and security group', () => {
    for (const [functionId, fn] of functions()) {
      const inVpc = fn.Properties.VpcConfig !== undefined;
      const network = grants(template, roleOf(functionId)).filter(isNetwork);
      if (!inVpc) {
        expect(network, functionId).toEqual([]);
        continue;
      }
      const scoped = network.filter((s) => !actionsOf(s).every((a) => a.startsWith('ec2:Describe')));
      expect(scoped.flatMap(actionsOf).sort(), functionId).toEqual([
        'ec2:AssignPrivateIpAddresses',
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:UnassignPrivateIpAddresses',
      ]);
      for (const s of scoped) expect(resourcesOf(s)).not.toContain('*');
    }
  });

  it('notFound and openapi may do nothing but write their logs', () => {
    for (const functionId of ['NotFoundLambdaFunction', 'OpenapiLambdaFunction']) {
      expect(
        grants(template, roleOf(functionId)).filter((s) => !isLogs(s)),
        functionId,
      ).toEqual([]);
      expect(resource(template, functionId).Properties.VpcConfig).toBeUndefined();
    }
  });
});

describe('recoverOrders configuration', () => {
  it('reads PAYMENTS_URL from SSM outside the local stage', () => {
    const env = (
      resource(template, 'RecoverOrdersLambdaFunction').Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(env.PAYMENTS_URL).toBe('{{resolve:ssm:/shop/ci/payments/url}}');
  });

  it('is scheduled every minute on AWS', () => {
    const [, rule] = resourcesOfType(template, 'AWS::Events::Rule').find(([id]) =>
      id.startsWith('RecoverOrders'),
    )!;
    expect(rule.Properties).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
  });
});
