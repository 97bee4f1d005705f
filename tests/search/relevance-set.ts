import type { SearchDocument, SearchIndex } from '../../domain/search/search.js';
import { demoDocuments } from '../contracts/search-index.contract.js';

/**
 * Labelled shopper queries over the demo catalog, judged the way a shopper would: 2 = exactly what was asked,
 * 1 = related (a shopper would not mind seeing it below the exact matches), anything else 0. Judgments are predicates
 * over the documents, so they hold for any catalog size and any engine; they never look at how an engine scores.
 */
export type Grade = 0 | 1 | 2;

export interface LabelledQuery {
  text: string;
  /** What the query tests: typo, synonym, stem, brand + type, attribute, category... */
  kind: string;
  grade: (document: SearchDocument) => Grade;
}

export interface RelevanceSet {
  /** The catalog to index before running the queries. */
  documents: SearchDocument[];
  queries: LabelledQuery[];
}

const inCategory = (name: string) => (d: SearchDocument) => d.categoryName === name;
const named = (pattern: RegExp) => (d: SearchDocument) => pattern.test(d.name);
const madeOf = (material: string) => (d: SearchDocument) =>
  d.attributes.material?.includes(material) ?? false;
const from = (origin: string) => (d: SearchDocument) => d.attributes.origin?.includes(origin) ?? false;
const brand = (name: string) => (d: SearchDocument) => d.brand === name;
type Predicate = (d: SearchDocument) => boolean;
const all =
  (...predicates: Predicate[]): Predicate =>
  (d) =>
    predicates.every((p) => p(d));

/** 2 for `exact`, 1 for `related`, else 0. */
const judge =
  (exact: Predicate, related: Predicate = () => false) =>
  (d: SearchDocument): Grade =>
    exact(d) ? 2 : related(d) ? 1 : 0;

export const RELEVANCE_QUERIES: readonly LabelledQuery[] = [
  // Category words, singular and plural
  { text: 'headphones', kind: 'category', grade: judge(inCategory('Headphones')) },
  { text: 'headphone', kind: 'singular', grade: judge(inCategory('Headphones')) },
  { text: 'candles', kind: 'plural', grade: judge(inCategory('Candles')) },
  { text: 'candle', kind: 'singular', grade: judge(inCategory('Candles')) },
  { text: 'jeans', kind: 'category', grade: judge(inCategory('Jeans')) },
  { text: 'knives', kind: 'plural (Porter: knive/knife)', grade: judge(inCategory('Knives')) },
  { text: 'plant', kind: 'singular', grade: judge(inCategory('Plants')) },
  { text: 'board games', kind: 'category, two words', grade: judge(inCategory('Board Games')) },
  { text: 'water bottles', kind: 'category, two words', grade: judge(inCategory('Water Bottles')) },
  {
    text: 'boots',
    kind: 'plural of a name word',
    grade: judge(all(inCategory('Hiking Boots'), named(/\bBoot\b/)), inCategory('Hiking Boots')),
  },
  // Typos
  { text: 'hedphones', kind: 'typo (missing letter)', grade: judge(inCategory('Headphones')) },
  { text: 'backpak', kind: 'typo (missing letter)', grade: judge(inCategory('Backpacks')) },
  { text: 'jaket', kind: 'typo (missing letter)', grade: judge(inCategory('Jackets')) },
  { text: 'skilet', kind: 'typo', grade: judge(named(/\bSkillet\b/), inCategory('Cookware')) },
  { text: 'candels', kind: 'typo (swapped letters)', grade: judge(inCategory('Candles')) },
  { text: 'sunscren', kind: 'typo', grade: judge(named(/\bSunscreen\b/), inCategory('Skincare')) },
  // Synonyms
  {
    text: 'earbuds',
    kind: 'synonym + name word',
    grade: judge(named(/\bEarbuds\b/), inCategory('Headphones')),
  },
  { text: 'trainers', kind: 'synonym', grade: judge(inCategory('Running Shoes')) },
  { text: 'sneakers', kind: 'synonym', grade: judge(inCategory('Running Shoes')) },
  { text: 'rucksack', kind: 'synonym', grade: judge(inCategory('Backpacks')) },
  { text: 'coat', kind: 'synonym', grade: judge(inCategory('Jackets')) },
  { text: 'tshirt', kind: 'synonym (spelling)', grade: judge(inCategory('T-Shirts')) },
  {
    text: 'frying pan',
    kind: 'synonym (phrase)',
    grade: judge(named(/\bSkillet\b/), inCategory('Cookware')),
  },
  {
    text: 'moisturiser',
    kind: 'synonym (British spelling)',
    grade: judge(named(/\bMoisturizer\b/), inCategory('Skincare')),
  },
  {
    text: 'fitness tracker',
    kind: 'synonym (phrase)',
    grade: judge(named(/\bFitness Band\b/), inCategory('Smartwatches')),
  },
  // Name words and types
  { text: 'skillet', kind: 'name word', grade: judge(named(/\bSkillet\b/), inCategory('Cookware')) },
  {
    text: 'espresso',
    kind: 'name word + synonym',
    grade: judge(named(/\bEspresso\b/), inCategory('Coffee')),
  },
  { text: 'green tea', kind: 'name words', grade: judge(named(/\bGreen Tea\b/), inCategory('Tea')) },
  {
    text: 'rain jacket',
    kind: 'name words',
    grade: judge(named(/\bRain Jacket\b/), inCategory('Jackets')),
  },
  { text: 'yoga mat', kind: 'name words', grade: judge(named(/\bYoga Mat\b/), inCategory('Yoga')) },
  {
    text: 'sleeping bag',
    kind: 'name words',
    grade: judge(named(/\bSleeping Bag\b/), inCategory('Camping')),
  },
  {
    text: 'fountain pen',
    kind: 'name words + synonym',
    grade: judge(named(/\bFountain Pen\b/), inCategory('Pens')),
  },
  {
    text: 'chef knife',
    kind: 'possessive in the name',
    grade: judge(named(/\bChef's Knife\b/), inCategory('Knives')),
  },
  { text: 'gps watch', kind: 'name words', grade: judge(named(/\bGPS Watch\b/), inCategory('Smartwatches')) },
  { text: 'monstera', kind: 'name word', grade: judge(named(/\bMonstera\b/), inCategory('Plants')) },
  // Brand + type
  {
    text: 'kestrel backpack',
    kind: 'brand + type',
    grade: judge(all(brand('Kestrel'), inCategory('Backpacks')), inCategory('Backpacks')),
  },
  {
    text: 'lumen headphones',
    kind: 'brand + type',
    grade: judge(all(brand('Lumen'), inCategory('Headphones')), inCategory('Headphones')),
  },
  {
    text: 'northwind jacket',
    kind: 'brand + type',
    grade: judge(all(brand('Northwind'), inCategory('Jackets')), inCategory('Jackets')),
  },
  // Attribute words
  { text: 'merino', kind: 'attribute (material)', grade: judge(madeOf('merino wool')) },
  {
    text: 'black headphones',
    kind: 'attribute (colour) + type',
    grade: judge(all(inCategory('Headphones'), (d) => d.attributes.color?.includes('Black') ?? false)),
  },
  {
    text: 'cast iron skillet',
    kind: 'attribute (material) + type',
    grade: judge(all(named(/\bSkillet\b/), madeOf('cast iron')), named(/\bSkillet\b/)),
  },
  {
    text: 'organic cotton tee',
    kind: 'attribute (material) + type + synonym',
    grade: judge(all(inCategory('T-Shirts'), madeOf('organic cotton')), inCategory('T-Shirts')),
  },
  {
    text: 'bamboo notebook',
    kind: 'attribute (material) + type',
    grade: judge(all(inCategory('Notebooks'), madeOf('bamboo')), inCategory('Notebooks')),
  },
  {
    text: 'stainless steel bottle',
    kind: 'attribute (material) + type',
    grade: judge(all(inCategory('Water Bottles'), madeOf('stainless steel')), inCategory('Water Bottles')),
  },
  {
    text: 'made in japan',
    kind: 'attribute (origin), stop word',
    grade: judge(from('Japan')),
  },
  {
    text: 'sea salt candle',
    kind: 'attribute (scent) + type',
    grade: judge(all(inCategory('Candles'), (d) => d.attributes.scent?.includes('Sea Salt') ?? false)),
  },
  // Words the catalog does not have: the words it has still find the products
  {
    text: 'noise cancelling headphones',
    kind: 'unknown words + type',
    grade: judge(named(/\bOver-Ear Headphones\b/), inCategory('Headphones')),
  },
  {
    text: 'waterproof jacket',
    kind: 'unknown word + type',
    grade: judge(named(/\b(Rain|Shell) Jacket\b/), inCategory('Jackets')),
  },
  {
    text: 'mens trail runner',
    kind: 'unknown word + name words',
    grade: judge(named(/\bTrail Runner\b/), inCategory('Running Shoes')),
  },
  {
    text: 'over ear headphones',
    kind: 'hyphenated name words',
    grade: judge(named(/\bOver-Ear Headphones\b/), inCategory('Headphones')),
  },
];

/** The relevance set over the demo catalog the local shop seeds (2,400 products). */
export function demoRelevanceSet(count = 2400): RelevanceSet {
  return { documents: demoDocuments(count), queries: [...RELEVANCE_QUERIES] };
}

export interface QueryScore {
  text: string;
  kind: string;
  ndcg: number;
  /** How many of the top 10 were judged 2, 1 and 0. */
  grades: [number, number, number];
  total: number;
}

const gain = (grade: Grade) => 2 ** grade - 1;
const discountedGain = (grades: readonly Grade[]) =>
  grades.slice(0, 10).reduce<number>((sum, grade, rank) => sum + gain(grade) / Math.log2(rank + 2), 0);

/**
 * nDCG@10 of every query (gain 2^grade - 1, log2 discount; the ideal ranking is every document of the set in grade
 * order) and their mean. The index must hold exactly `set.documents`.
 */
export async function ndcgAt10(
  index: SearchIndex,
  set: RelevanceSet,
): Promise<{ queries: QueryScore[]; mean: number }> {
  const queries: QueryScore[] = [];
  for (const query of set.queries) {
    const result = await index.search({ text: query.text, sort: 'relevance', page: 1, limit: 10 });
    const got = result.items.map((hit) => query.grade(hit.document));
    const ideal = set.documents.map(query.grade).sort((a, b) => b - a);
    const best = discountedGain(ideal);
    if (best === 0) throw new Error(`"${query.text}" has no relevant document in the set: fix its judgments`);
    queries.push({
      text: query.text,
      kind: query.kind,
      ndcg: discountedGain(got) / best,
      grades: [
        got.filter((g) => g === 2).length,
        got.filter((g) => g === 1).length,
        got.filter((g) => g === 0).length,
      ],
      total: result.total,
    });
  }
  return { queries, mean: queries.reduce((sum, q) => sum + q.ndcg, 0) / queries.length };
}

/** The scores as a table (query, kind, nDCG@10, top-10 grades, total) with the mean. */
export function relevanceTable(scores: { queries: QueryScore[]; mean: number }): string {
  const rows = scores.queries.map(
    (q) =>
      `| ${q.text.padEnd(27)} | ${q.kind.padEnd(38)} | ${q.ndcg.toFixed(3).padStart(7)} | ${q.grades.join('/').padEnd(11)} | ${String(q.total).padStart(5)} |`,
  );
  return [
    `| ${'query'.padEnd(27)} | ${'kind'.padEnd(38)} | nDCG@10 | 2/1/0 top10 | total |`,
    `|${'-'.repeat(29)}|${'-'.repeat(40)}|---------|-------------|-------|`,
    ...rows,
    `| ${'mean'.padEnd(27)} | ${`${scores.queries.length} queries`.padEnd(38)} | ${scores.mean.toFixed(3).padStart(7)} |             |       |`,
  ].join('\n');
}
