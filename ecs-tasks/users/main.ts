import { readServiceConfig } from '../chassis/config.js';
import { buildContainer } from '../chassis/container.js';
import { runService } from '../chassis/run-service.js';
import { usersRoutes } from './routes.js';

await runService({
  name: 'users',
  readConfig: readServiceConfig,
  build: buildContainer,
  routes: (container, config) => usersRoutes(container, config.SECURE_COOKIES === 'true'),
});
