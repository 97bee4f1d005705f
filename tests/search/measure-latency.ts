/**
 * Quick latency check of the embedded engine (`npx tsx tests/search/measure-latency.ts [products]`): indexes the demo
 * catalog, then runs a mix of typical shopper queries (words, typos, synonyms, filters, browsing, deeper pages,
 * other sorts) and prints p50/p99 per kind and overall. Not a test: numbers depend on the machine.
 */
import { EmbeddedSearchIndex } from '../../adapters/search/embedded.search-index.js';
import type { SearchQuery } from '../../domain/search/search.js';
import { demoCategories } from '../../local/seed/demo-catalog.js';
import { demoDocuments } from '../contracts/search-index.contract.js';

const size = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 30);
const documents = demoDocuments(size);
const index = new EmbeddedSearchIndex();
const started = performance.now();
await index.reindex(
  (async function* () {
    for (let i = 0; i < documents.length; i += 500) yield documents.slice(i, i + 500);
  })(),
);
const indexMs = performance.now() - started;
const headphones = demoCategories().find((c) => c.name === 'Headphones')!.id;

const base = { sort: 'relevance', page: 1, limit: 24 } as const;
const kinds: Record<string, SearchQuery[]> = {
  word: ['headphones', 'boots', 'candles', 'skillet', 'merino', 'kestrel'].map((text) => ({ ...base, text })),
  typo: ['hedphones', 'backpak', 'candels', 'jaket', 'skilet'].map((text) => ({ ...base, text })),
  'two words': ['kestrel backpack', 'black headphones', 'cast iron skillet', 'organic cotton tee'].map(
    (text) => ({ ...base, text }),
  ),
  synonym: ['earbuds', 'trainers', 'sneakers', 'rucksack', 'espresso'].map((text) => ({ ...base, text })),
  filtered: [
    { ...base, text: 'headphones', categoryId: headphones, minPrice: 5000, maxPrice: 20000, inStock: true },
    { ...base, text: 'black', attributes: { color: ['Black'] }, brands: ['Kestrel', 'Lumen'] },
  ],
  browse: [{ ...base }, { ...base, categoryId: headphones }, { ...base, inStock: true, sort: 'price_asc' }],
  'sorted/deep': [
    { ...base, text: 'jacket', sort: 'price_desc', page: 3 },
    { ...base, text: 'coffee', sort: 'newest', page: 2 },
    { ...base, sort: 'newest', page: 20, limit: 48 },
  ],
};

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const all: number[] = [];
const rows: string[] = [];
for (const [kind, queries] of Object.entries(kinds)) {
  for (const query of queries) await index.search(query); // warm-up
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const t = performance.now();
      await index.search(query);
      times.push(performance.now() - t);
    }
  }
  all.push(...times);
  rows.push(
    `| ${kind.padEnd(12)} | ${percentile(times, 50).toFixed(2).padStart(6)} | ${percentile(times, 99).toFixed(2).padStart(6)} |`,
  );
}
const suggestTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const prefix of ['h', 'hea', 'kes', 'kestrel da', 'mer']) {
    const t = performance.now();
    await index.suggest(prefix, 10);
    suggestTimes.push(performance.now() - t);
  }
}
console.log(`${documents.length} documents indexed in ${Math.round(indexMs)} ms (reindex)`);
console.log('| kind         | p50 ms | p99 ms |\n|---|---|---|');
console.log(rows.join('\n'));
console.log(
  `| all searches | ${percentile(all, 50).toFixed(2).padStart(6)} | ${percentile(all, 99).toFixed(2).padStart(6)} |`,
);
console.log(
  `| suggest      | ${percentile(suggestTimes, 50).toFixed(2).padStart(6)} | ${percentile(suggestTimes, 99).toFixed(2).padStart(6)} |`,
);
console.log(`heap used ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
