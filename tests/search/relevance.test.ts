import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedSearchIndex } from '../../adapters/search/embedded.search-index.js';
import { demoRelevanceSet, ndcgAt10, relevanceTable } from './relevance-set.js';

/** What the embedded engine reaches on the demo relevance set; a change that ranks worse fails here. */
const EMBEDDED_FLOOR = 0.95;

describe('search relevance: embedded engine on the demo catalog', () => {
  const set = demoRelevanceSet();
  const index = new EmbeddedSearchIndex();

  beforeAll(async () => {
    await index.upsert(set.documents);
  }, 60_000);
  afterAll(() => index.close());

  it(`has at least 30 labelled queries and a mean nDCG@10 of at least ${EMBEDDED_FLOOR}`, async () => {
    expect(set.queries.length).toBeGreaterThanOrEqual(30);
    const scores = await ndcgAt10(index, set);
    console.log(`\nnDCG@10, embedded engine, ${set.documents.length} products\n${relevanceTable(scores)}\n`);
    expect(scores.mean).toBeGreaterThanOrEqual(EMBEDDED_FLOOR);
  });
});
