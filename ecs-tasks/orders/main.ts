import { runService } from '../chassis/run-service.js';
import { startBackgroundWork } from './background.js';
import { ordersRoutes } from './routes.js';

await runService(
  'orders',
  (container) => ordersRoutes(container),
  (container, logger) => startBackgroundWork(container, logger),
);
