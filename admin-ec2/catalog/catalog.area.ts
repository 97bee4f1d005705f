import { createCache } from '../../adapters/cache/create-cache.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import { LocalCatalogStream } from '../../adapters/dynamodb/local-catalog-stream.js';
import { DynamoDbProductBrowser } from '../../adapters/dynamodb/product-browser.dynamodb.adapter.js';
import { PostgresCatalogLedger } from '../../adapters/postgres/catalog-ledger.postgres.adapter.js';
import { S3ProductImages } from '../../adapters/s3/product-images.s3.adapter.js';
import { CatalogService, DEFAULT_CACHE_POLICY } from '../../domain/catalog/catalog.service.js';
import { CatalogAdmin } from '../../domain/catalog/catalog-admin.service.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { DomainError } from '../../domain/shared/errors.js';
import type { AdminAreaFactory, AdminBase, Guard } from '../area.js';
import { CATALOG_ROUTES } from './catalog.route-table.js';
import { catalogRoutes } from './catalog.routes.js';

const unconfigured = (what: string, variables: string) => () => {
  throw new DomainError('ADMIN.NOT_CONFIGURED', 'unavailable', `${what} is not configured: set ${variables}`);
};

function productImages({ config }: AdminBase) {
  if (!config.IMAGES_BUCKET || !config.IMAGES_PUBLIC_URL) return null;
  return new S3ProductImages({
    region: config.AWS_REGION,
    bucket: config.IMAGES_BUCKET,
    publicUrl: config.IMAGES_PUBLIC_URL,
    endpoint: config.S3_ENDPOINT,
  });
}

/** Products, stock, images and categories: the catalog table through CatalogService, stock in the PostgreSQL ledger. */
export const catalogArea: AdminAreaFactory = (base) => {
  const { config, logger } = base;
  const table = config.CATALOG_TABLE;
  if (!table)
    return {
      register(_app, guard: Guard) {
        for (const route of Object.values(CATALOG_ROUTES))
          guard(route, async () => unconfigured('the catalog', 'CATALOG_TABLE')());
      },
    };
  const dynamo = createDynamoDbClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    requestTimeoutMs: 5000,
  });
  const caching = createCache(
    { redisUrl: config.REDIS_URL, timeoutMs: 100, stage: config.STAGE, lruEntries: 1000 },
    logger,
  );
  const repository = new ElectroDbCatalogRepository(dynamo, table);
  const stream = config.CATALOG_STREAM_URL
    ? new LocalCatalogStream(dynamo, table, config.CATALOG_STREAM_URL)
    : null;
  const catalog = new CatalogService(
    repository,
    new CacheAside(caching.cache),
    DEFAULT_CACHE_POLICY,
    (ids) =>
      stream
        ? stream
            .productsChanged(ids)
            .catch((e: Error) => logger.warn('catalog change not indexed', { error: e.message }))
        : Promise.resolve(),
  );
  const images = productImages(base);
  const admin = new CatalogAdmin(
    repository,
    catalog,
    new PostgresCatalogLedger(base.primary.db),
    new DynamoDbProductBrowser(dynamo, table),
    base.audit,
    (error) =>
      logger.warn('stock not yet projected onto the catalog; the relay will', { error: error.message }),
  );
  return {
    register: catalogRoutes(
      admin,
      images ?? { presign: unconfigured('image uploads', 'IMAGES_BUCKET and IMAGES_PUBLIC_URL') },
    ),
    async ready() {
      await repository.listCategories();
    },
    async close() {
      images?.close();
      await caching.close();
      dynamo.destroy();
    },
  };
};
