import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import { ensureTables, tableDefinitions } from '../../adapters/dynamodb/table-definitions.js';
import { createDynalite as dynalite } from '../../local/dynalite.js';

export interface DynamoFixture {
  client: DynamoDBClient;
  tables: { catalog: string; carts: string };
  endpoint: string;
  close(): Promise<void>;
}

let counter = 0;

/** An in-memory dynalite on a free port with the tables from resources/, uniquely named per call. */
export async function startDynalite(): Promise<DynamoFixture> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createDynamoDbClient({ region: 'local', endpoint, requestTimeoutMs: 5000 });
  const suffix = `${process.pid}-${++counter}`;
  const tables = { catalog: `catalog-test-${suffix}`, carts: `carts-test-${suffix}` };
  await ensureTables(client, tableDefinitions({ CatalogTable: tables.catalog, CartsTable: tables.carts }));
  return {
    client,
    tables,
    endpoint,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
