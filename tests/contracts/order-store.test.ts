import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { connectPostgres, type PostgresHandle } from '../../adapters/postgres/connect.js';
import { migrateToLatest } from '../../adapters/postgres/migrate.js';
import { startDataApiServer } from '../support/data-api-server.js';
import { freshDatabase } from '../support/postgres.js';
import { describeWithService } from '../support/real-services.js';
import { orderStoreContract } from './order-store.contract.js';

/** A migrated, empty database behind the local Data API stand-in, reached the way the sweeper Lambda does. */
async function overDataApi(serverUrl?: string): Promise<PostgresHandle> {
  const server = serverUrl ? await freshDatabase(serverUrl) : undefined;
  const api = await startDataApiServer(server?.url);
  const { db, close } = await connectPostgres({
    kind: 'data-api',
    resourceArn: api.resourceArn,
    secretArn: api.secretArn,
    database: api.database,
    client: new RDSDataClient({
      endpoint: api.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    }),
  });
  if (!server) await migrateToLatest(db); // the migrations themselves go through the Data API
  return {
    db,
    close: async () => {
      await close();
      await api.close();
      await server?.close();
    },
  };
}

orderStoreContract('PGlite (embedded)', () => freshDatabase());
orderStoreContract('RDS Data API over PGlite', () => overDataApi());

describeWithService('DATABASE_URL', 'PostgreSQL server', (url) => {
  orderStoreContract('PostgreSQL server', () => freshDatabase(url));
  orderStoreContract('RDS Data API over PostgreSQL server', () => overDataApi(url));
});
