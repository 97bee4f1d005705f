import { outboxBacklog, replicaLag } from '../../adapters/postgres/operations-health.postgres.adapter.js';
import { lastRollupRefresh } from '../../adapters/postgres/sales-reports.postgres.adapter.js';
import type { AdminAreaFactory } from '../area.js';
import { HEALTH_ROUTES } from './health.route-table.js';
import { parseServiceUrls, probe } from './service-probe.js';

const ratio = (hits: number, misses: number) =>
  hits + misses === 0 ? null : Math.round((hits / (hits + misses)) * 1000) / 1000;

/**
 * One page of operations: every service's /ready (with its cache counters), the outbox backlog, how far the replica
 * trails the primary, and when the rollups the charts read were refreshed.
 */
export const healthArea: AdminAreaFactory = ({ config, primary, analytics, readsFrom }) => {
  const services = parseServiceUrls(config.SERVICE_URLS);
  return {
    register(_app, guard) {
      guard(HEALTH_ROUTES.health, async () => {
        const [probed, outbox, lag, refreshedAt] = await Promise.all([
          Promise.all(services.map(probe)),
          outboxBacklog(primary.db),
          readsFrom === 'replica' ? replicaLag(primary.db, analytics.db) : null,
          lastRollupRefresh(analytics.db),
        ]);
        const counted = probed.flatMap((s) => (s.cache ? [s.cache] : []));
        const hits = counted.reduce((n, c) => n + c.hits, 0);
        const misses = counted.reduce((n, c) => n + c.misses, 0);
        return {
          services: probed.map(({ cache, ...service }) => ({
            ...service,
            cache: cache && { ...cache, hitRatio: ratio(cache.hits, cache.misses) },
          })),
          cache: counted.length === 0 ? null : { hits, misses, hitRatio: ratio(hits, misses) },
          outbox,
          replica: { readsFrom, lagSeconds: lag?.lagSeconds ?? null, lagBytes: lag?.lagBytes ?? null },
          rollups: { refreshedAt },
        };
      });
    },
  };
};
