import type { Logger } from '../../adapters/logs/logger.js';
import type { SearchContainer } from './container.js';

/**
 * The embedded engine is loaded from the catalog at start (the task reports ready once it holds every product); a
 * search cluster that answers with an empty alias is filled the same way. Retries until it succeeds.
 */
export function loadIndexAtStart(container: SearchContainer, logger: Logger): () => void {
  let stopped = false;
  const load = async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const empty =
          container.engine === 'embedded' ||
          (await container.index.search({ text: '', sort: 'newest', page: 1, limit: 1 })).total === 0;
        if (empty) {
          const started = performance.now();
          const { indexed } = await container.index.reindex(await container.documents());
          logger.info('search index loaded', { indexed, ms: Math.round(performance.now() - started) });
        }
        container.loaded();
        return;
      } catch (error) {
        logger.warn('search index load failed, retrying', { attempt, error: (error as Error).message });
        await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** attempt)));
      }
    }
  };
  void load();
  return () => {
    stopped = true;
  };
}
