import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import type { CatalogRepository } from '../../domain/catalog/catalog.repository.port.js';
import type { CatalogFunctionConfig } from './config.js';

/**
 * The catalog in DynamoDB: the AWS SDK, ElectroDB and the client. Loaded only on the first cache miss (see
 * container.ts), so a cold start answered from the cache never pays for them.
 */
export function catalogStore(config: CatalogFunctionConfig): CatalogRepository {
  const client = createDynamoDbClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    requestTimeoutMs: config.DYNAMODB_TIMEOUT_MS,
    credentials:
      config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
        ? {
            accessKeyId: config.AWS_ACCESS_KEY_ID,
            secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
            sessionToken: config.AWS_SESSION_TOKEN,
          }
        : undefined,
  });
  return new ElectroDbCatalogRepository(client, config.CATALOG_TABLE);
}
