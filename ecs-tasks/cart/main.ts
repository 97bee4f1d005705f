import { runService } from '../../adapters/http/chassis/run-service.js';
import { readServiceConfig } from '../chassis/config.js';
import { buildContainer } from '../chassis/container.js';
import { cartRoutes } from './routes.js';

await runService({
  name: 'cart',
  readConfig: readServiceConfig,
  build: buildContainer,
  routes: (container, config) => cartRoutes(container, config.SECURE_COOKIES === 'true'),
});
