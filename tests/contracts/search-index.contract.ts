import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchIndex } from '../../domain/search/search.js';
import { toSearchDocument } from '../../domain/search/search.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';

/** The demo catalog as the index sees it: every active product of `count`. */
export function demoDocuments(count: number): SearchDocument[] {
  const categories = new Map(demoCategories().map((c) => [c.id, c]));
  return [...demoProducts(count)]
    .map((product) => toSearchDocument(product, categories.get(product.categoryId)))
    .filter((document): document is SearchDocument => document !== null);
}

/**
 * The SearchIndex contract: every engine (embedded, OpenSearch) must pass it. `open` gives a fresh, empty index
 * of the engine under test.
 */
export function searchIndexContract(engine: string, open: () => Promise<SearchIndex>): void {
  describe(`SearchIndex contract: ${engine}`, () => {
    let index: SearchIndex;
    const documents = demoDocuments(480);

    beforeAll(async () => {
      index = await open();
      await index.upsert(documents);
    }, 120_000);
    afterAll(() => index?.close());

    it('finds products by a word of their name', async () => {
      const result = await index.search({ text: 'skillet', sort: 'relevance', page: 1, limit: 10 });
      expect(result.total).toBeGreaterThan(0);
      expect(result.items[0]!.document.name).toMatch(/Skillet/);
    });
  });
}
