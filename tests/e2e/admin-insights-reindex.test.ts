import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createServiceApp } from '../../adapters/http/chassis/server.js';
import { createLogger } from '../../adapters/logs/logger.js';
import { ADMIN_ROUTES } from '../../admin-ec2/route-table.js';
import { readSearchServiceConfig } from '../../ecs-tasks/search/config.js';
import { buildSearchContainer } from '../../ecs-tasks/search/container.js';
import { searchRoutes } from '../../ecs-tasks/search/routes.js';
import { seedCatalog } from '../../local/seed/seed-catalog.js';
import { type AdminApp, startAdminApp } from '../support/admin-app.js';
import { type DynamoFixture, startDynalite } from '../support/dynalite.js';

const PRODUCTS = 400;

/** A full reindex started from the admin runs in the real search service (embedded engine) until every product is in. */
describe('admin search reindex', () => {
  let dynamo: DynamoFixture;
  let search: FastifyInstance;
  let container: Awaited<ReturnType<typeof buildSearchContainer>>;
  let admin: AdminApp;

  beforeAll(async () => {
    dynamo = await startDynalite();
    await seedCatalog(new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog), PRODUCTS, true);
    const config = readSearchServiceConfig({
      STAGE: 'ci',
      CATALOG_TABLE: dynamo.tables.catalog,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      DYNAMODB_TIMEOUT_MS: '5000',
    });
    const logger = createLogger({ service: 'search-test', level: 'error' });
    container = await buildSearchContainer(config, logger);
    // As on AWS: the reindex routes are there outside the development stages too.
    search = await createServiceApp({
      name: 'search',
      logger,
      ready: () => container.ready(),
      routes: searchRoutes(container, { internal: false }),
      trustedProxyHops: 0,
    });
    await search.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(search.server.address() as AddressInfo).port}`;
    admin = await startAdminApp({ catalog: dynamo, env: { SEARCH_SERVICE_URL: url } });
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await search?.close();
    await container?.close();
    await dynamo?.close();
  });

  it('starts once (a concurrent start is a 409), audits the start, and its progress reaches the total', async () => {
    const start = () =>
      admin.app.inject({
        method: 'POST',
        url: ADMIN_ROUTES.reindex.path,
        headers: admin.as('catalog_manager', true),
      });
    const answers = await Promise.all([start(), start(), start()]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([202, 409, 409]);
    const started = answers.find((a) => a.statusCode === 202)!.json();
    expect(started).toMatchObject({ available: true, running: true, indexed: 0 });
    expect(answers.find((a) => a.statusCode === 409)!.json()).toMatchObject({
      code: 'SEARCH.REINDEX_RUNNING',
    });

    const seen: number[] = [];
    let status: { running: boolean; indexed: number; total: number; error: string | null };
    for (let i = 0; ; i++) {
      status = (
        await admin.app.inject({ url: ADMIN_ROUTES.reindexStatus.path, headers: admin.as('owner') })
      ).json();
      seen.push(status.indexed);
      if (!status.running) break;
      if (i > 600) throw new Error('the reindex did not finish within 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const active = await container.repository.countActiveProducts();
    expect(active).toBeGreaterThan(PRODUCTS * 0.9);
    expect(status).toMatchObject({ running: false, error: null, total: active, indexed: active });
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);

    const audit = await admin.app.inject({
      url: '/admin/api/audit?action=search.reindex',
      headers: admin.as('owner'),
    });
    expect(audit.json().items).toEqual([
      expect.objectContaining({
        adminEmail: 'catalog_manager@admin.local',
        targetType: 'search_index',
        after: { startedAt: started.startedAt, total: active },
      }),
    ]);
  }, 60_000);
});
