/**
 * `npm run search:reindex`: rebuilds the search index from the catalog with a progress bar, while searches keep
 * being answered from the current index. With SEARCH_ENGINE=opensearch (plus OPENSEARCH_URL, CATALOG_TABLE, ...) it
 * rebuilds the cluster's index itself; otherwise it asks the local shop's search service (whose in-process engine
 * only it can rebuild) at SEARCH_SERVICE_URL, default http://127.0.0.1:$LOCAL_SEARCH_PORT (3204).
 */
import { ConfigError } from '../adapters/config/load-config.js';
import { createLogger } from '../adapters/logs/logger.js';
import { readSearchServiceConfig } from '../ecs-tasks/search/config.js';
import { buildSearchContainer } from '../ecs-tasks/search/container.js';
import { ReindexJob, type ReindexStatus } from '../ecs-tasks/search/reindex-job.js';
import { progress } from './progress.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function follow(read: () => Promise<ReindexStatus>): Promise<ReindexStatus> {
  let status = await read();
  const bar = progress('Reindexing products', Math.max(1, status.total));
  let shown = 0;
  while (status.running) {
    await new Promise((r) => setTimeout(r, 250));
    status = await read();
    bar.tick(status.indexed - shown);
    shown = status.indexed;
  }
  bar.tick(Math.max(0, status.indexed - shown));
  bar.done();
  return status;
}

async function inThisProcess(): Promise<ReindexStatus> {
  const config = readSearchServiceConfig();
  const container = await buildSearchContainer(
    config,
    createLogger({ service: 'search-reindex', level: 'warn' }),
  );
  try {
    const job = new ReindexJob(container);
    await job.start();
    return await follow(async () => job.status());
  } finally {
    await container.close();
  }
}

async function throughTheService(base: string): Promise<ReindexStatus> {
  const started = await fetch(`${base}/internal/reindex`, { method: 'POST' }).catch((error: Error) => {
    throw new Error(
      `the search service at ${base} did not answer (${error.message}): is the local shop running?`,
    );
  });
  if (started.status !== 202 && started.status !== 409)
    throw new Error(`the search service answered ${started.status}: ${await started.text()}`);
  return follow(async () => (await (await fetch(`${base}/internal/reindex`)).json()) as ReindexStatus);
}

try {
  const status =
    process.env.SEARCH_ENGINE === 'opensearch'
      ? await inThisProcess()
      : await throughTheService(
          process.env.SEARCH_SERVICE_URL ?? `http://127.0.0.1:${process.env.LOCAL_SEARCH_PORT ?? 3204}`,
        );
  if (status.error) throw new Error(status.error);
  console.log(`  Indexed ${status.indexed} products.`);
} catch (error) {
  console.error(
    `\n  Reindex failed: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`,
  );
  process.exit(1);
}
