import { readFileSync } from 'node:fs';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { parse, type Tags } from 'yaml';

const RESOURCES_FILE = new URL('../../resources/dynamodb.yml', import.meta.url);

/** CloudFormation short-form tags (!Ref, !GetAtt, ...) read as plain values; tables use none of them. */
const cloudFormationTags: Tags = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Select',
  'Split',
  'ImportValue',
  'Equals',
].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => ({ [name]: value }) },
]);

interface TableResource {
  Type: string;
  Properties: CreateTableCommandInput & Record<string, unknown>;
}

/** The CreateTable inputs declared in resources/dynamodb.yml, keyed by logical id, named as the caller says. */
export function tableDefinitions(names: Record<string, string>): CreateTableCommandInput[] {
  const template = parse(readFileSync(RESOURCES_FILE, 'utf8'), { customTags: cloudFormationTags }) as {
    Resources: Record<string, TableResource>;
  };
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, resource]) => {
      const name = names[logicalId];
      if (!name) throw new Error(`no local table name given for ${logicalId}`);
      const { PointInTimeRecoverySpecification, TimeToLiveSpecification, ...createInput } =
        resource.Properties;
      return { ...createInput, TableName: name };
    });
}

/** Creates each table unless it exists, then waits until it is ACTIVE (polling: the SDK waiter sleeps 20 s). */
export async function ensureTables(
  client: DynamoDBClient,
  definitions: CreateTableCommandInput[],
): Promise<void> {
  for (const definition of definitions) {
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    for (let attempt = 0; ; attempt++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
      if (Table?.TableStatus === 'ACTIVE') break;
      if (attempt > 200) throw new Error(`table ${definition.TableName} did not become ACTIVE`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
