import { LruCache } from '../../adapters/cache/lru.cache.adapter.js';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { DynamoDbCatalogLookups } from '../../adapters/dynamodb/catalog-stream.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import type { Logger } from '../../adapters/logs/logger.js';
import { ResilientSearchIndex } from '../../adapters/search/resilient.search-index.js';
import {
  CatalogService,
  DEFAULT_CACHE_POLICY,
  unreachableCachePolicy,
} from '../../domain/catalog/catalog.service.js';
import { catalogDocuments } from '../../domain/search/catalog-documents.js';
import type { DocumentSource, SearchIndex } from '../../domain/search/search.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { aliasFor, type SearchServiceConfig } from './config.js';

async function engineFor(config: SearchServiceConfig): Promise<SearchIndex> {
  if (config.SEARCH_ENGINE === 'opensearch') {
    const { OpenSearchSearchIndex } = await import('../../adapters/search/opensearch.search-index.js');
    return new OpenSearchSearchIndex({
      node: config.OPENSEARCH_URL!,
      alias: aliasFor(config),
      requestTimeoutMs: config.SEARCH_TIMEOUT_MS,
    });
  }
  const { EmbeddedSearchIndex } = await import('../../adapters/search/embedded.search-index.js');
  return new EmbeddedSearchIndex();
}

/** The search task's composition root: the catalog (to build documents) and one search engine, nothing else. */
export async function buildSearchContainer(config: SearchServiceConfig, logger: Logger) {
  const dynamo = createDynamoDbClient({
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    requestTimeoutMs: config.DYNAMODB_TIMEOUT_MS,
  });
  const repository = new ElectroDbCatalogRepository(dynamo, config.CATALOG_TABLE);
  // Its own memory, which catalog writers cannot reach: a new category must be searchable within the edit budget.
  const cache = new CacheAside(new LruCache({ maxEntries: 100, maxBytes: 1e6 }));
  const catalog = new CatalogService(repository, cache, unreachableCachePolicy(DEFAULT_CACHE_POLICY));
  const engine = await engineFor(config);
  const index = new ResilientSearchIndex(engine, { timeoutMs: config.SEARCH_TIMEOUT_MS }, (error) =>
    logger.warn('search engine failed', { engine: config.SEARCH_ENGINE, error: error.message }),
  );
  /** The embedded engine starts empty: it answers only once the catalog is loaded into it. */
  let loaded = config.SEARCH_ENGINE !== 'embedded';
  return {
    engine: config.SEARCH_ENGINE,
    index,
    catalog,
    repository,
    /** What the indexer reads besides the stream records (the same lookups as the indexer Lambda's). */
    lookups: new DynamoDbCatalogLookups(dynamo, config.CATALOG_TABLE),
    logger,
    documents: async (): Promise<DocumentSource> =>
      catalogDocuments(repository, await catalog.listCategories()),
    loaded: () => {
      loaded = true;
    },
    /** The catalog reads behind documents and category filters, for the admin's health page. */
    metrics: () => ({ cache: cache.stats() }),
    ready: async () => {
      if (!loaded) throw new Error('the search index is still loading the catalog');
      if (!(await engine.ready()))
        throw new Error(`the ${config.SEARCH_ENGINE} search engine is unreachable`);
    },
    close: async () => {
      await index.close();
      dynamo.destroy();
    },
  };
}

export type SearchContainer = Awaited<ReturnType<typeof buildSearchContainer>>;
