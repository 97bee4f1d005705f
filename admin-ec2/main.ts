import { runService } from '../adapters/http/chassis/run-service.js';
import { readAdminConfig } from './config.js';
import { buildAdminContainer } from './container.js';
import { adminRoutes } from './routes.js';

await runService({
  name: 'admin',
  readConfig: readAdminConfig,
  build: buildAdminContainer,
  routes: (container, config) => adminRoutes(container, config.SECURE_COOKIES === 'true'),
  background: (container, logger) => {
    const timer = setInterval(() => {
      container.rollup
        .refresh()
        .then((ms) => logger.info('sales rollup refreshed', { durationMs: Math.round(ms) }))
        .catch((error: Error) => logger.warn('sales rollup refresh failed', { error: error.message }));
    }, container.config.ROLLUP_REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  },
});
