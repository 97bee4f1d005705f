import type {
  DocumentSource,
  SearchDocument,
  SearchIndex,
  SearchQuery,
  SearchResult,
  Suggestion,
} from '../../domain/search/search.js';
import { BreakerOpen, CircuitBreaker } from '../../domain/shared/circuit-breaker.js';
import { DomainError } from '../../domain/shared/errors.js';

/**
 * What shoppers' queries meet: a search engine behind a deadline and a circuit breaker. A slow or dead engine costs a
 * shopper at most `timeoutMs` and then a 503 with Retry-After, never a hang or a 500; while the breaker is open no
 * query reaches the engine at all. Index writes pass straight through (the indexer retries its own).
 */
export class ResilientSearchIndex implements SearchIndex {
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly engine: SearchIndex,
    settings: { timeoutMs: number; failures?: number; openMs?: number },
    private readonly onFailure: (error: Error) => void = () => {},
  ) {
    this.breaker = new CircuitBreaker({
      timeoutMs: settings.timeoutMs,
      failures: settings.failures ?? 5,
      openMs: settings.openMs ?? 5000,
    });
  }

  search(query: SearchQuery): Promise<SearchResult> {
    return this.guarded(() => this.engine.search(query));
  }

  suggest(prefix: string, limit: number): Promise<Suggestion[]> {
    return this.guarded(() => this.engine.suggest(prefix, limit));
  }

  upsert(documents: readonly SearchDocument[]): Promise<void> {
    return this.engine.upsert(documents);
  }

  remove(ids: readonly string[]): Promise<void> {
    return this.engine.remove(ids);
  }

  reindex(source: DocumentSource, onProgress?: (indexed: number) => void): Promise<{ indexed: number }> {
    return this.engine.reindex(source, onProgress);
  }

  ready(): Promise<boolean> {
    return this.engine.ready();
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.run(call);
    } catch (error) {
      if (!(error instanceof BreakerOpen)) this.onFailure(error as Error);
      throw new DomainError(
        'SEARCH.UNAVAILABLE',
        'unavailable',
        'search is unavailable right now; browse the categories or try again shortly',
        [],
        error instanceof BreakerOpen
          ? error.retryAfterSeconds
          : Math.max(1, this.breaker.retryAfterSeconds()),
      );
    }
  }
}
