import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sql } from 'kysely';
import { createCache } from '../../adapters/cache/create-cache.js';
import { MemoryRateLimiter } from '../../adapters/cache/memory.rate-limiter.js';
import { RedisRateLimiter } from '../../adapters/cache/redis.rate-limiter.js';
import { isDevelopmentStage } from '../../adapters/config/env-schemas.js';
import { ConfigError } from '../../adapters/config/load-config.js';
import { Argon2PasswordHasher } from '../../adapters/crypto/argon2.password-hasher.js';
import { ElectroDbCartRepository } from '../../adapters/dynamodb/carts.electrodb.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import { LocalCatalogStream } from '../../adapters/dynamodb/local-catalog-stream.js';
import { LogAccountNotices } from '../../adapters/logs/log-account-notices.js';
import type { Logger } from '../../adapters/logs/logger.js';
import { HttpPaymentGateway } from '../../adapters/payments/http.gateway.js';
import { TestCardGateway } from '../../adapters/payments/test-card.gateway.js';
import { PostgresAddressBook } from '../../adapters/postgres/addresses.postgres.adapter.js';
import { connectPostgres } from '../../adapters/postgres/connect.js';
import { PostgresInventory, PostgresOutbox } from '../../adapters/postgres/inventory.postgres.adapter.js';
import { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
import { PostgresShopperEventLog } from '../../adapters/postgres/shopper-events.postgres.adapter.js';
import {
  PostgresSessionRepository,
  PostgresUserRepository,
} from '../../adapters/postgres/users.postgres.adapter.js';
import { ShopperEventsService } from '../../domain/analytics/shopper-events.js';
import { CartService } from '../../domain/cart/cart.service.js';
import { CatalogService, DEFAULT_CACHE_POLICY } from '../../domain/catalog/catalog.service.js';
import { AddressesService } from '../../domain/orders/address-book.js';
import { CheckoutService } from '../../domain/orders/checkout.service.js';
import type { PaymentGateway } from '../../domain/orders/orders.ports.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { DEFAULT_AUTH_LIMITS, UsersService } from '../../domain/users/users.service.js';
import type { ServiceConfig } from './config.js';

/** The card network named by configuration; the in-process test card gateway only in the local and ci stages. */
function paymentGateway(config: ServiceConfig): PaymentGateway {
  if (config.PAYMENTS_URL) return new HttpPaymentGateway('card-network', config.PAYMENTS_URL);
  if (!isDevelopmentStage(config.STAGE))
    throw new ConfigError(
      `PAYMENTS_URL is required in stage "${config.STAGE}": no test gateway outside local and ci`,
    );
  return new TestCardGateway();
}

/**
 * Locally (no DynamoDB Streams) catalog writes are sent on to the search service as stream records; best effort:
 * the search service also rebuilds from the catalog at start and on `npm run search:reindex`.
 */
function catalogChanges(config: ServiceConfig, dynamo: DynamoDBClient, logger: Logger) {
  if (!config.CATALOG_STREAM_URL) return undefined;
  const stream = new LocalCatalogStream(dynamo, config.CATALOG_TABLE, config.CATALOG_STREAM_URL);
  return (ids: readonly string[]) =>
    stream
      .productsChanged(ids)
      .catch((error: Error) => logger.warn('catalog change not sent to search', { error: error.message }));
}

/** The one composition root of the ECS services: adapters chosen from configuration, never from `if (test)`. */
export async function buildContainer(config: ServiceConfig, logger: Logger) {
  const postgres = await connectPostgres({
    kind: 'server',
    url: config.DATABASE_URL,
    maxConnections: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    applicationName: `shop-${config.STAGE}`,
  });
  const dynamo = createDynamoDbClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    requestTimeoutMs: config.DYNAMODB_TIMEOUT_MS,
  });
  const caching = createCache(
    {
      redisUrl: config.REDIS_URL,
      timeoutMs: config.CACHE_TIMEOUT_MS,
      stage: config.STAGE,
      lruEntries: 20_000,
    },
    logger,
  );
  const cache = new CacheAside(caching.cache);
  const limiter = config.REDIS_URL
    ? new RedisRateLimiter(config.REDIS_URL, `${config.STAGE}:`, config.CACHE_TIMEOUT_MS)
    : new MemoryRateLimiter();
  const catalogRepository = new ElectroDbCatalogRepository(dynamo, config.CATALOG_TABLE);
  const carts = new CartService(new ElectroDbCartRepository(dynamo, config.CARTS_TABLE), catalogRepository);
  const payments = paymentGateway(config);
  const orderStore = new PostgresOrderStore(postgres.db);
  const addressBook = new PostgresAddressBook(postgres.db);
  return {
    db: postgres.db,
    logger,
    users: new UsersService(
      new PostgresUserRepository(postgres.db),
      new PostgresSessionRepository(postgres.db),
      new Argon2PasswordHasher({ memoryCost: config.ARGON2_MEMORY_KIB, timeCost: 2 }),
      limiter,
      cache,
      new LogAccountNotices(logger),
      { ...DEFAULT_AUTH_LIMITS, registerPerIp: { limit: config.REGISTER_LIMIT_PER_IP, windowSeconds: 600 } },
    ),
    carts,
    addresses: new AddressesService(addressBook),
    checkout: new CheckoutService(
      orderStore,
      carts,
      catalogRepository,
      payments,
      { paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS, duplicateWaitMs: config.PAYMENT_TIMEOUT_MS + 2000 },
      addressBook,
    ),
    catalog: new CatalogService(
      catalogRepository,
      cache,
      DEFAULT_CACHE_POLICY,
      catalogChanges(config, dynamo, logger),
    ),
    catalogRepository,
    shopperEvents: new ShopperEventsService(new PostgresShopperEventLog(postgres.db), limiter),
    inventory: new PostgresInventory(postgres.db),
    outbox: new PostgresOutbox(postgres.db),
    ready: async () => {
      await sql`select 1`.execute(postgres.db);
    },
    metrics: () => ({ cache: cache.stats() }),
    rateLimiter: limiter,
    close: async () => {
      await postgres.close();
      await caching.close();
      if (limiter instanceof RedisRateLimiter) await limiter.close();
      dynamo.destroy();
    },
  };
}

export type Container = Awaited<ReturnType<typeof buildContainer>>;
