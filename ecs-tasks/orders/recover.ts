import { createLogger } from '../../adapters/logs/logger.js';
import { readServiceConfig } from '../chassis/config.js';
import { buildContainer } from '../chassis/container.js';

/** `npm run orders:recover`: resolve PENDING orders older than RECOVER_AFTER_MS (default 60 s) once, then exit. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const config = readServiceConfig();
const logger = createLogger({ service: 'orders-recover', level: config.LOG_LEVEL });
const container = await buildContainer(config, logger);
try {
  const result = await container.checkout.recover(Number(process.env.RECOVER_AFTER_MS ?? 60_000), 1000);
  console.log(`confirmed ${result.confirmed}, failed ${result.failed}, undecided ${result.undecided}`);
} finally {
  await container.close();
}
