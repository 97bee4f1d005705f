import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenSearchSearchIndex } from '../../adapters/search/opensearch.search-index.js';
import type { SearchDocument } from '../../domain/search/search.js';
import { demoRelevanceSet, ndcgAt10, relevanceTable } from '../search/relevance-set.js';
import { describeWithService } from '../support/real-services.js';
import { demoDocuments, searchIndexContract } from './search-index.contract.js';

/** Mean nDCG@10 OpenSearch must reach on the demo relevance set (tests/search/relevance-set.ts). */
const OPENSEARCH_FLOOR = 0.85;

/** Every alias this file made, dropped (with all its indices) when it ends. */
const made: OpenSearchSearchIndex[] = [];
const fileAlias = `test-${randomBytes(4).toString('hex')}`;
let count = 0;

function openAt(url: string, options: { retireAfterMs?: number } = {}): OpenSearchSearchIndex {
  const index = new OpenSearchSearchIndex({
    node: url,
    alias: `${fileAlias}-${++count}`,
    requestTimeoutMs: 10_000,
    ...options,
  });
  made.push(index);
  return index;
}

async function* pages(documents: readonly SearchDocument[], size: number) {
  for (let start = 0; start < documents.length; start += size) yield documents.slice(start, start + size);
}

describeWithService('OPENSEARCH_URL', 'OpenSearch search index', (url) => {
  afterAll(async () => {
    for (const index of made) {
      const cleaner = new OpenSearchSearchIndex({
        node: url,
        alias: index.aliasName,
        requestTimeoutMs: 30_000,
      });
      await cleaner.drop();
      await cleaner.close();
    }
  });

  searchIndexContract('OpenSearch', async () => {
    const index = openAt(url, { retireAfterMs: 500 });
    if (!(await index.ready())) throw new Error(`cannot reach OpenSearch at ${url}`);
    return index;
  });

  describe('zero-downtime reindex', () => {
    let index: OpenSearchSearchIndex;
    const all = demoDocuments(1200);
    const before = all.slice(0, 600);
    const after = all.slice(600);

    beforeAll(async () => {
      index = openAt(url, { retireAfterMs: 500 });
      await index.upsert(before);
    }, 120_000);
    afterAll(() => index?.close());

    it('keeps answering every search while it builds and switches, then answers from the new content', async () => {
      const probe = after[0]!;
      const old = before[0]!;
      const failures: Error[] = [];
      const totals: number[] = [];
      let searches = 0;
      let running = true;
      const loop = (async () => {
        while (running) {
          try {
            const result = await index.search({ sort: 'relevance', page: 1, limit: 5 });
            totals.push(result.total);
            searches++;
          } catch (error) {
            failures.push(error as Error);
          }
        }
      })();
      const progress: number[] = [];
      const { indexed } = await index.reindex(pages(after, 100), (n) => progress.push(n));
      // a few more searches after the switch, on the new index alone
      const until = searches + 20;
      while (searches < until && failures.length === 0) await new Promise((r) => setTimeout(r, 5));
      running = false;
      await loop;

      expect(failures).toEqual([]);
      expect(indexed).toBe(after.length);
      expect(progress.at(-1)).toBe(after.length);
      expect(searches).toBeGreaterThan(20);
      // every answer was either the whole old content or the whole new one, never a half-built index
      expect(new Set(totals)).toEqual(new Set([before.length, after.length]));
      expect(totals.at(-1)).toBe(after.length);

      const found = await index.search({ text: probe.skus[0]!, sort: 'relevance', page: 1, limit: 5 });
      expect(found.items[0]?.document.id).toBe(probe.id);
      const gone = await index.search({ text: old.skus[0]!, sort: 'relevance', page: 1, limit: 5 });
      expect(gone.items.map((hit) => hit.document.id)).not.toContain(old.id);
    }, 120_000);

    it('keeps a write made during the reindex, even when the source still had the older copy', async () => {
      const target = after[1]!;
      const changed: SearchDocument = { ...target, price: { ...target.price, amount: 123_456 } };
      async function* slowSource() {
        yield after.slice(0, 300);
        await index.upsert([changed]);
        await index.remove([after[2]!.id]);
        yield after.slice(300); // still has the old price of `target` and the removed product
      }
      await index.reindex(slowSource());
      const result = await index.search({
        text: target.skus[0]!,
        sort: 'relevance',
        page: 1,
        limit: 5,
      });
      expect(result.items[0]?.document.price.amount).toBe(123_456);
      const removed = await index.search({ text: after[2]!.skus[0]!, sort: 'relevance', page: 1, limit: 5 });
      expect(removed.items.map((hit) => hit.document.id)).not.toContain(after[2]!.id);
      expect((await index.search({ sort: 'newest', page: 1, limit: 1 })).total).toBe(after.length - 1);
    }, 120_000);

    it('leaves exactly one index behind the alias', async () => {
      expect(await index.indices()).toHaveLength(1);
    });
  });

  describe('relevance on the demo catalog', () => {
    const set = demoRelevanceSet();
    let index: OpenSearchSearchIndex;

    beforeAll(async () => {
      index = openAt(url);
      await index.reindex(pages(set.documents, 500));
    }, 120_000);
    afterAll(() => index?.close());

    it(`reaches a mean nDCG@10 of at least ${OPENSEARCH_FLOOR}`, async () => {
      const scores = await ndcgAt10(index, set);
      console.log(`\nnDCG@10, OpenSearch, ${set.documents.length} products\n${relevanceTable(scores)}\n`);
      expect(scores.mean).toBeGreaterThanOrEqual(OPENSEARCH_FLOOR);
    }, 60_000);
  });
});
