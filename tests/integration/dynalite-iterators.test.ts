import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { AbstractIterator } from 'abstract-level';
import { afterAll, expect, it, vi } from 'vitest';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import { createDynalite } from '../../local/dynalite.js';

const directory = mkdtempSync(join(tmpdir(), 'shop-dynalite-iterators-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * The local DynamoDB must not keep every query's LevelDB iterator open: that grew the local shop by 1.6 GB in a
 * 10-minute soak (bench:mixed). Counted at the far side: the iterators the database itself closes.
 */
it('closes the iterator of every Query, whether it stopped at its Limit or read to the end', async () => {
  const server = createDynalite({ path: join(directory, 'db'), createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createDynamoDbClient({
    region: 'local',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requestTimeoutMs: 5000,
  });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: 'iterators',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    for (let i = 0; i < 30; i++)
      await client.send(
        new PutItemCommand({
          TableName: 'iterators',
          Item: { pk: { S: 'p' }, sk: { S: String(i).padStart(3, '0') } },
        }),
      );
    const close = vi.spyOn(AbstractIterator.prototype, 'close');
    const query = (limit?: number) =>
      client.send(
        new QueryCommand({
          TableName: 'iterators',
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': { S: 'p' } },
          Limit: limit,
        }),
      );
    for (let i = 0; i < 20; i++) expect((await query(5)).Items).toHaveLength(5);
    for (let i = 0; i < 20; i++) expect((await query()).Items).toHaveLength(30);
    await vi.waitFor(() => expect(close.mock.calls.length).toBeGreaterThanOrEqual(40));
    close.mockRestore();
  } finally {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
