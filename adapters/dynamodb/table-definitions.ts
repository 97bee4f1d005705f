import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { readResourceTemplate } from '../cloudformation/read-template.js';

/** The CreateTable inputs declared in resources/dynamodb.yml for the logical ids named, with the names given. */
export function tableDefinitions(names: Record<string, string>): CreateTableCommandInput[] {
  const template = readResourceTemplate('dynamodb.yml');
  return Object.entries(template.Resources)
    .filter(([logicalId, resource]) => resource.Type === 'AWS::DynamoDB::Table' && names[logicalId])
    .map(([logicalId, resource]) => {
      const name = names[logicalId]!;
      // Properties CreateTable does not take (they are separate API calls on AWS).
      const {
        PointInTimeRecoverySpecification,
        TimeToLiveSpecification,
        StreamSpecification,
        ...createInput
      } = resource.Properties as Record<string, unknown> & {
        StreamSpecification?: { StreamViewType: string };
      };
      return {
        ...(createInput as unknown as CreateTableCommandInput),
        TableName: name,
        // CloudFormation enables a stream by declaring it; the CreateTable API also wants it said.
        ...(StreamSpecification
          ? {
              StreamSpecification: {
                StreamEnabled: true,
                StreamViewType: StreamSpecification.StreamViewType,
              },
            }
          : {}),
      } as CreateTableCommandInput;
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
