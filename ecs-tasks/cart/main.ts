import { runService } from '../chassis/run-service.js';
import { cartRoutes } from './routes.js';

await runService('cart', (container, config) => cartRoutes(container, config.SECURE_COOKIES === 'true'));
