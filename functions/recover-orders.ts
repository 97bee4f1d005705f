import * as z from 'zod/mini';
import { isDevelopmentStage, logLevel, milliseconds, stage } from '../adapters/config/env-schemas.js';
import { loadConfig } from '../adapters/config/load-config.js';
import { ElectroDbCartRepository } from '../adapters/dynamodb/carts.electrodb.adapter.js';
import { ElectroDbCatalogRepository } from '../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../adapters/dynamodb/dynamodb-client.js';
import { orderSweepFields } from '../adapters/logs/metrics.js';
import { HttpPaymentGateway } from '../adapters/payments/http.gateway.js';
import { connectPostgres } from '../adapters/postgres/connect.js';
import { PostgresOrderStore } from '../adapters/postgres/orders.postgres.adapter.js';
import { CartService } from '../domain/cart/cart.service.js';
import { CheckoutService } from '../domain/orders/checkout.service.js';
import { logger } from './lib/logger.js';

const config = z.object({
  STAGE: stage,
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  DATABASE_RESOURCE_ARN: z.string().check(z.startsWith('arn:')),
  DATABASE_SECRET_ARN: z.string().check(z.startsWith('arn:')),
  DATABASE_NAME: z._default(z.string(), 'shop'),
  CATALOG_TABLE: z.string().check(z.minLength(3)),
  CARTS_TABLE: z.string().check(z.minLength(3)),
  PAYMENTS_URL: z.url('required: the payment provider base URL (the sweeper asks it what happened)'),
  PAYMENT_TIMEOUT_MS: milliseconds(3000),
  RECOVER_AFTER_MS: milliseconds(60_000),
  LOG_LEVEL: logLevel,
});

let checkout: Promise<CheckoutService> | undefined;

/** Composition for the sweeper: orders over the RDS Data API (no VPC, no pool), the same CheckoutService. */
async function build(): Promise<CheckoutService> {
  const env = loadConfig(config, process.env, (parsed) =>
    !isDevelopmentStage(parsed.STAGE) && !parsed.PAYMENTS_URL.startsWith('https://')
      ? [{ variable: 'PAYMENTS_URL', message: 'must be an https:// URL outside the local and ci stages' }]
      : [],
  );
  const { db } = await connectPostgres({
    kind: 'data-api',
    resourceArn: env.DATABASE_RESOURCE_ARN,
    secretArn: env.DATABASE_SECRET_ARN,
    database: env.DATABASE_NAME,
  });
  const dynamo = createDynamoDbClient({ region: env.AWS_REGION, requestTimeoutMs: 1000 });
  const catalog = new ElectroDbCatalogRepository(dynamo, env.CATALOG_TABLE);
  const carts = new CartService(new ElectroDbCartRepository(dynamo, env.CARTS_TABLE), catalog);
  return new CheckoutService(
    new PostgresOrderStore(db),
    carts,
    catalog,
    new HttpPaymentGateway('payments', env.PAYMENTS_URL),
    {
      paymentTimeoutMs: env.PAYMENT_TIMEOUT_MS,
      duplicateWaitMs: 0,
    },
  );
}

/** Scheduled every minute: resolves orders a crash left PENDING by asking the gateway about their payment. */
export async function handler(): Promise<{ confirmed: number; failed: number; undecided: number }> {
  checkout ??= build();
  const result = await (await checkout).recover(Number(process.env.RECOVER_AFTER_MS ?? 60_000), 200);
  logger.info('order sweep', orderSweepFields(result));
  return result;
}
