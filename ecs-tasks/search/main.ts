import { isDevelopmentStage } from '../../adapters/config/env-schemas.js';
import { runService } from '../../adapters/http/chassis/run-service.js';
import { loadIndexAtStart } from './background.js';
import { readSearchServiceConfig } from './config.js';
import { buildSearchContainer } from './container.js';
import { searchRoutes } from './routes.js';

await runService({
  name: 'search',
  readConfig: readSearchServiceConfig,
  build: buildSearchContainer,
  routes: (container, config) => searchRoutes(container, { internal: isDevelopmentStage(config.STAGE) }),
  background: (container, logger) => loadIndexAtStart(container, logger),
});
