import { freshDatabase } from '../support/postgres.js';
import { describeWithService } from '../support/real-services.js';
import { orderStoreContract } from './order-store.contract.js';

orderStoreContract('PGlite (embedded)', () => freshDatabase());

describeWithService('DATABASE_URL', 'PostgreSQL server', (url) => {
  orderStoreContract('PostgreSQL server', () => freshDatabase(url));
});
