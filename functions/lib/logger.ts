import { createLogger, type LogLevel } from '../../adapters/logs/logger.js';

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
const level = LEVELS.has(process.env.LOG_LEVEL ?? '') ? (process.env.LOG_LEVEL as LogLevel) : 'info';

/** One logger for every catalog function; independent of the rest of the configuration so errors in it get logged. */
export const logger = createLogger({ service: 'catalog-api', level });
