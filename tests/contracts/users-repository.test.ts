import { freshDatabase } from '../support/postgres.js';
import { describeWithService } from '../support/real-services.js';
import { usersRepositoryContract } from './users-repository.contract.js';

usersRepositoryContract('PGlite (embedded)', () => freshDatabase());

describeWithService('DATABASE_URL', 'PostgreSQL server', (url) => {
  usersRepositoryContract('PostgreSQL server', () => freshDatabase(url));
});
