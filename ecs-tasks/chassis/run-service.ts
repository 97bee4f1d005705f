import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { ConfigError } from '../../adapters/config/load-config.js';
import { createLogger, type Logger } from '../../adapters/logs/logger.js';
import { readServiceConfig, type ServiceConfig } from './config.js';
import { buildContainer, type Container } from './container.js';
import { createServiceApp, drainOnSignals } from './server.js';

/** Starts one ECS service: config, container, routes, background work, listen, drain on SIGTERM. */
export async function runService(
  name: string,
  routes: (container: Container, config: ServiceConfig) => (app: FastifyInstance) => void,
  background?: (container: Container, logger: Logger) => () => void,
): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let config: ServiceConfig;
  try {
    config = readServiceConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
  const logger = createLogger({ service: name, level: config.LOG_LEVEL });
  const container = await buildContainer(config, logger);
  const app = await createServiceApp({
    name,
    logger,
    ready: async () => {
      await sql`select 1`.execute(container.db);
    },
    routes: routes(container, config),
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
  });
  const stopBackground = background?.(container, logger) ?? (() => {});
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info('listening', { port: config.PORT });
  drainOnSignals(app, logger, async () => {
    stopBackground();
    await container.close();
  });
}
