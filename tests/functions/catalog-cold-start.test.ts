import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { apiGatewayEvent } from '../support/api-gateway.js';
import { type DynamoFixture, startDynalite } from '../support/dynalite.js';
import { describeWithService } from '../support/real-services.js';

type Handler = (
  event: ReturnType<typeof apiGatewayEvent>,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const context = { getRemainingTimeInMillis: () => 10_000 } as Context;

/** A new Lambda instance of list-products: a fresh module graph, told when the AWS SDK's client is imported. */
async function freshInstance(): Promise<{ handler: Handler; sdkLoaded: () => boolean }> {
  let loaded = false;
  vi.resetModules();
  vi.doMock('@aws-sdk/client-dynamodb', async (importOriginal) => {
    loaded = true;
    return importOriginal();
  });
  const { handler } = (await import('../../functions/list-products.js')) as unknown as { handler: Handler };
  return { handler, sdkLoaded: () => loaded };
}

describeWithService('REDIS_URL', 'a cold instance of the product API', (redisUrl) => {
  let dynamo: DynamoFixture;

  beforeAll(async () => {
    dynamo = await startDynalite();
    const repository = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
    await repository.saveCategories(demoCategories());
    await repository.saveProducts([...demoProducts(60, 3)]);
    Object.assign(process.env, {
      CATALOG_TABLE: dynamo.tables.catalog,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      // A database of its own in the shared Redis, so no other suite's catalog write makes the hit a miss.
      REDIS_URL: Object.assign(new URL(redisUrl), { pathname: '/11' }).href,
      STAGE: 'ci',
      CATALOG_LIST_TTL_SECONDS: '20',
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    vi.doUnmock('@aws-sdk/client-dynamodb');
    await dynamo.close();
  });

  it('answers a page from the cache without loading the AWS SDK, and loads it on its first miss', async () => {
    // Pages no other run of this test (in the same Redis database, within the pages' lifetime) is likely to ask for.
    const sort = ['newest', 'price_asc', 'price_desc', 'popularity'][Math.floor(Math.random() * 4)];
    const [hitLimit, missLimit] = [1 + Math.floor(Math.random() * 50), 51 + Math.floor(Math.random() * 50)];
    const page = () => apiGatewayEvent({ path: `/api/products?limit=${hitLimit}&sort=${sort}` });
    const first = await freshInstance();
    const filled = await first.handler(page(), context);
    expect(filled.statusCode).toBe(200);

    const cold = await freshInstance();
    const hit = await cold.handler(page(), context);
    expect(hit.statusCode).toBe(200);
    expect(hit.body).toBe(filled.body);
    expect(cold.sdkLoaded()).toBe(false);

    const miss = await cold.handler(
      apiGatewayEvent({ path: `/api/products?limit=${missLimit}&sort=${sort}` }),
      context,
    );
    expect(miss.statusCode).toBe(200);
    expect(JSON.parse(miss.body ?? '').items.length).toBeGreaterThan(0);
    expect(cold.sdkLoaded()).toBe(true);
  });
});
