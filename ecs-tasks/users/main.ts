import { runService } from '../chassis/run-service.js';
import { usersRoutes } from './routes.js';

await runService('users', (container, config) => usersRoutes(container, config.SECURE_COOKIES === 'true'));
