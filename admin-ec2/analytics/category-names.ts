import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import type { Logger } from '../../adapters/logs/logger.js';
import { UNCATEGORIZED } from '../../domain/analytics/insights.js';
import type { AdminConfig } from '../config.js';

const FRESH_MS = 60_000;

/**
 * Category names for reports, from the catalog (DynamoDB), kept a minute. Reports never fail for want of a name: an
 * unknown or unreachable category shows its id.
 */
export function categoryNames(config: AdminConfig, logger: Logger) {
  const client = config.CATALOG_TABLE
    ? createDynamoDbClient({
        region: config.AWS_REGION,
        endpoint: config.DYNAMODB_ENDPOINT,
        requestTimeoutMs: 2000,
      })
    : null;
  const catalog = client ? new ElectroDbCatalogRepository(client, config.CATALOG_TABLE!) : null;
  let known = new Map<string, string>([[UNCATEGORIZED, 'Uncategorized']]);
  let loadedAt = 0;
  return {
    async nameOf(): Promise<(categoryId: string) => string> {
      if (catalog && Date.now() - loadedAt > FRESH_MS) {
        try {
          const categories = await catalog.listCategories();
          known = new Map([
            [UNCATEGORIZED, 'Uncategorized'],
            ...categories.map((c) => [c.id, c.name] as const),
          ]);
          loadedAt = Date.now();
        } catch (error) {
          logger.warn('category names unavailable, showing ids', { error: (error as Error).message });
        }
      }
      const names = known;
      return (id) => names.get(id) ?? id;
    },
    close: () => client?.destroy(),
  };
}
