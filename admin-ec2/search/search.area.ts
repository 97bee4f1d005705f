import { conflict } from '../../domain/shared/errors.js';
import type { AdminAreaFactory } from '../area.js';
import { auditEntry } from '../area.js';
import { ReindexClient } from './reindex.client.js';
import { SEARCH_ROUTES } from './search.route-table.js';

/** The search index: a full reindex started from the admin (audited), and its progress. */
export const searchArea: AdminAreaFactory = ({ config, audit }) => {
  const reindex = new ReindexClient(config.SEARCH_SERVICE_URL);
  return {
    register(_app, guard) {
      // Always an answer the screen can show: an unreachable or unconfigured search service is a state, not an error.
      guard(SEARCH_ROUTES.reindexStatus, async () => {
        try {
          return { available: true, ...(await reindex.status()) };
        } catch (error) {
          return { available: false, detail: (error as Error).message };
        }
      });

      guard(SEARCH_ROUTES.reindex, async (_request, reply, admin) => {
        const { started, status } = await reindex.start();
        if (!started)
          throw conflict(
            'SEARCH.REINDEX_RUNNING',
            `a reindex is already running (${status.indexed} of ${status.total} products indexed)`,
          );
        await audit.record(
          auditEntry(admin, {
            action: 'search.reindex',
            targetType: 'search_index',
            targetId: 'products',
            before: null,
            after: { startedAt: status.startedAt, total: status.total },
          }),
        );
        return reply.status(202).send({ available: true, ...status });
      });
    },
  };
};
