import { runService } from '../../adapters/http/chassis/run-service.js';
import { readServiceConfig } from '../chassis/config.js';
import { buildContainer } from '../chassis/container.js';
import { startBackgroundWork } from './background.js';
import { ordersRoutes } from './routes.js';

await runService({
  name: 'orders',
  readConfig: readServiceConfig,
  build: buildContainer,
  routes: (container) => ordersRoutes(container),
  background: (container, logger) => startBackgroundWork(container, logger),
});
