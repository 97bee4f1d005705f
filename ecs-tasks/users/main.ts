import { runService } from '../../adapters/http/chassis/run-service.js';
import { readServiceConfig } from '../chassis/config.js';
import { buildContainer } from '../chassis/container.js';
import { usersRoutes } from './routes.js';

await runService({
  name: 'users',
  readConfig: readServiceConfig,
  build: buildContainer,
  routes: (container, config) => usersRoutes(container, config.SECURE_COOKIES === 'true'),
});
