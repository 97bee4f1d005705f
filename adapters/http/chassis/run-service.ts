import type { FastifyInstance } from 'fastify';
import type { RateLimiter } from '../../../domain/users/users.ports.js';
import { MemoryRateLimiter } from '../../cache/memory.rate-limiter.js';
import { ConfigError } from '../../config/load-config.js';
import { createLogger, type Logger, type LogLevel } from '../../logs/logger.js';
import { cacheMetrics } from '../../logs/metrics.js';
import { type RouteRateLimits, routeRateLimitsFrom } from './rate-limit.js';
import { createServiceApp, drainOnSignals } from './server.js';

/** What the chassis needs from a service's configuration; each service adds its own variables. */
export interface ChassisConfig {
  PORT: number;
  LOG_LEVEL: LogLevel;
  TRUSTED_PROXY_HOPS: number;
}

/** A service the shoppers' browsers reach (serviceProtectionEnv in its schema): rate limited, with CORS. */
type ProtectedConfig = ChassisConfig &
  Parameters<typeof routeRateLimitsFrom>[0] & { CORS_ALLOWED_ORIGINS: string[] };
const isProtected = (config: ChassisConfig): config is ProtectedConfig =>
  'RATE_LIMIT_READS_PER_MINUTE' in config;

/** What every composition root gives the chassis besides what its routes use. */
export interface ServiceContainer {
  /** Throws while a dependency the service needs is unreachable (or not loaded yet): /ready answers 503. */
  ready(): Promise<void>;
  /** What /ready reports beside "ready" (cache hits and misses), for the admin's health page. */
  metrics?(): Record<string, unknown>;
  /** Shared by every task (Redis) when the service has one; else each task counts its own requests. */
  rateLimiter?: RateLimiter;
  close(): Promise<void>;
}

export interface ServiceDefinition<C extends ChassisConfig, K extends ServiceContainer> {
  name: string;
  /** The service's configuration, read once; a ConfigError stops the process with exit code 2. */
  readConfig: () => C;
  /** The one composition root of this deployable: builds only what it uses. */
  build: (config: C, logger: Logger) => Promise<K>;
  routes: (container: K, config: C) => (app: FastifyInstance) => void;
  /** Work beside the requests (relays, sweeps, index loading); returns a stop function. */
  background?: (container: K, logger: Logger) => () => void;
}

const CACHE_METRICS_INTERVAL_MS = 60_000;

/**
 * Every minute, the cache's hits and misses since the last report as one EMF line (the hit ratio CloudWatch graphs
 * and alarms on); nothing in a minute without lookups. The last report is written when the service stops.
 */
export function reportCacheMetrics(
  metrics: () => Record<string, unknown>,
  logger: Logger,
  intervalMs = CACHE_METRICS_INTERVAL_MS,
): () => void {
  let last = { hits: 0, misses: 0 };
  const report = () => {
    const stats = metrics().cache as { hits?: number; misses?: number } | undefined;
    if (typeof stats?.hits !== 'number' || typeof stats.misses !== 'number') return;
    const hits = stats.hits - last.hits;
    const misses = stats.misses - last.misses;
    last = { hits: stats.hits, misses: stats.misses };
    if (hits + misses === 0) return;
    logger.info('cache', {
      cacheHits: hits,
      cacheMisses: misses,
      cacheHitRatio: Math.round((hits / (hits + misses)) * 1000) / 10,
      ...cacheMetrics(),
    });
  };
  const timer = setInterval(report, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    report();
  };
}

/** Starts one ECS service: config, container, routes, background work, listen, drain on SIGTERM. */
export async function runService<C extends ChassisConfig, K extends ServiceContainer>(
  service: ServiceDefinition<C, K>,
): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let config: C;
  try {
    config = service.readConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
  const logger = createLogger({ service: service.name, level: config.LOG_LEVEL });
  const container = await service.build(config, logger);
  const app = await createServiceApp({
    name: service.name,
    logger,
    ready: () => container.ready(),
    ...(container.metrics ? { metrics: () => container.metrics!() } : {}),
    routes: service.routes(container, config),
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    ...(isProtected(config) && {
      protections: {
        limiter: container.rateLimiter ?? new MemoryRateLimiter(),
        limits: routeRateLimitsFrom(config) satisfies RouteRateLimits,
        allowedOrigins: config.CORS_ALLOWED_ORIGINS,
      },
    }),
  });
  const stopBackground = service.background?.(container, logger) ?? (() => {});
  const stopCacheMetrics = container.metrics
    ? reportCacheMetrics(() => container.metrics!(), logger)
    : () => {};
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.info('listening', { port: config.PORT });
  drainOnSignals(app, logger, async () => {
    stopBackground();
    stopCacheMetrics();
    await container.close();
  });
}
