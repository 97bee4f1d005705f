import { type AnyOrama, create, insert, remove } from '@orama/orama';
import { internalDocumentIDStore, type index as oramaIndex } from '@orama/orama/components';
import type { radix } from '@orama/orama/trees';
import { facetCounts, priceBucketIndex, priceFacet } from '../../domain/search/facets.js';
import { HIGHLIGHT_FRAGMENT, highlight } from '../../domain/search/highlight.js';
import {
  planQuery,
  type QueryClause,
  SYNONYM_WEIGHT,
  TYPO_PREFIX_LENGTH,
  typoAllowance,
} from '../../domain/search/query-plan.js';
import { relevanceBoost } from '../../domain/search/ranking.js';
import {
  type DocumentSource,
  MAX_QUERY_LENGTH,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_PAGE,
  MAX_SUGGESTIONS,
  PRICE_BUCKETS,
  SEARCH_SORTS,
  type SearchDocument,
  type SearchFacets,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  type Suggestion,
} from '../../domain/search/search.js';
import { DomainError, invalid } from '../../domain/shared/errors.js';
import { analyse, analyseWord, editDistance, fold, plainWords } from './text-analysis.js';

/** The text fields, with how much a match in each counts. */
const FIELD_BOOST = { name: 3, brand: 2, category: 2, attributes: 1.5, description: 1 } as const;
type Field = keyof typeof FIELD_BOOST;
const FIELDS = Object.keys(FIELD_BOOST) as Field[];
const BM25 = { k: 1.2, b: 0.75, d: 0.5 };
/** Among typo matches of an unknown word, the closer scores higher: by edit distance 0, 1, 2. */
const TYPO_WEIGHT = [1, 0.6, 0.4] as const;
/** At most this many indexed words per typed word (OpenSearch's max_expansions default). */
const MAX_EXPANSIONS = 50;
/** Credit for each typed word of a phrase clause that matched through a synonym instead. */
const PARTIAL_WEIGHT = SYNONYM_WEIGHT / 2;
/** Index writes yield to waiting searches after this many documents. */
const WRITE_SLICE = 100;

interface Entry {
  document: SearchDocument;
  internalId: number;
  /** Distinct analysed terms over every text field: the vocabulary's share of this document. */
  terms: string[];
  nameWords: string[];
  priceBucket: number;
  /** Its category, brand and each distinct attribute value, as facet value numbers (see FacetValues). */
  facetValues: number[];
  createdMs: number;
  boost: number;
}

interface Scored {
  entry: Entry;
  score: number;
}

/** Orama gets text already analysed (terms joined by spaces), so its tokenizer only splits. */
const spaceTokenizer = {
  language: 'english',
  normalizationCache: new Map<string, string>(),
  tokenize: (raw: string) => (raw === '' ? [] : raw.split(' ')),
};

const SCHEMA = {
  name: 'string',
  brand: 'string',
  category: 'string',
  attributes: 'string',
  description: 'string',
} as const;

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Orama answers synchronously when nothing in it is asynchronous (no hooks, no async components): ours. */
function synchronously<T>(result: T | Promise<T>): T {
  if (result instanceof Promise) throw new Error('the embedded index expected Orama to answer synchronously');
  return result;
}
const byId = (a: Entry, b: Entry) =>
  a.document.id < b.document.id ? -1 : a.document.id > b.document.id ? 1 : 0;

/** One complete index: Orama's inverted index (terms, BM25) plus what filters, facets, sorts and suggests. */
class Generation {
  private readonly db: AnyOrama = create({
    schema: SCHEMA,
    sort: { enabled: false },
    components: { tokenizer: spaceTokenizer },
  });
  readonly entries = new Map<string, Entry>();
  private readonly byInternal: (Entry | undefined)[] = [];
  /** Analysed term -> documents holding it, and the same terms by length, for typo look-ups. */
  private readonly vocabulary = new Map<string, number>();
  private readonly termsByLength = new Map<number, Set<string>>();
  private expansions = new Map<string, { term: string; weight: number }[]>();
  private readonly skus = new Map<string, Entry>();
  /** Category names and brands with how many documents carry them, for suggestions. */
  private readonly categories = new Map<string, number>();
  private readonly brands = new Map<string, number>();
  private readonly facetValues = new FacetValues();
  /** Every document in each order, for browsing without text; dropped by any write. */
  private readonly browseOrders = new Map<SearchQuery['sort'], Scored[]>();

  get size(): number {
    return this.entries.size;
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    for (let start = 0; start < documents.length; start += WRITE_SLICE) {
      if (start > 0) await yieldToOthers();
      for (const document of documents.slice(start, start + WRITE_SLICE)) this.put(document);
    }
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.drop(id);
  }

  /** Synchronous, so concurrent writes of one id never interleave. */
  private put(document: SearchDocument): void {
    if (this.entries.has(document.id)) this.drop(document.id);
    this.browseOrders.clear();
    const fields: Record<Field, string[]> = {
      name: analyse(document.name),
      brand: analyse(document.brand),
      category: analyse(document.categoryName),
      attributes: analyse(Object.values(document.attributes).flat().join(' ')),
      description: analyse(document.description),
    };
    synchronously(
      insert(this.db, {
        id: document.id,
        ...(Object.fromEntries(FIELDS.map((field) => [field, fields[field].join(' ')])) as Record<
          Field,
          string
        >),
      }),
    );
    const internalId = internalDocumentIDStore.getInternalDocumentId(
      this.db.internalDocumentIDStore,
      document.id,
    );
    const entry: Entry = {
      document,
      internalId,
      terms: [...new Set(FIELDS.flatMap((field) => fields[field]))],
      nameWords: plainWords(document.name),
      priceBucket: priceBucketIndex(document.price.amount),
      facetValues: [
        this.facetValues.number('category', document.categoryId),
        this.facetValues.number('brand', document.brand),
        ...Object.entries(document.attributes).flatMap(([name, values]) =>
          [...new Set(values)].map((value) => this.facetValues.number('attribute', value, name)),
        ),
      ],
      createdMs: Date.parse(document.createdAt),
      boost: relevanceBoost(document),
    };
    this.entries.set(document.id, entry);
    this.byInternal[internalId] = entry;
    for (const term of entry.terms) {
      const count = this.vocabulary.get(term) ?? 0;
      this.vocabulary.set(term, count + 1);
      if (count === 0) {
        const sameLength = this.termsByLength.get(term.length) ?? new Set();
        this.termsByLength.set(term.length, sameLength.add(term));
        this.expansions = new Map();
      }
    }
    for (const sku of document.skus) this.skus.set(fold(sku.trim()), entry);
    if (document.categoryName) count(this.categories, document.categoryName, 1);
    if (document.brand) count(this.brands, document.brand, 1);
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.browseOrders.clear();
    synchronously(remove(this.db, id));
    this.entries.delete(id);
    this.byInternal[entry.internalId] = undefined;
    for (const term of entry.terms) {
      const left = (this.vocabulary.get(term) ?? 1) - 1;
      if (left > 0) this.vocabulary.set(term, left);
      else {
        this.vocabulary.delete(term);
        this.termsByLength.get(term.length)?.delete(term);
        this.expansions = new Map();
      }
    }
    for (const sku of entry.document.skus) {
      const key = fold(sku.trim());
      if (this.skus.get(key) === entry) this.skus.delete(key);
    }
    if (entry.document.categoryName) count(this.categories, entry.document.categoryName, -1);
    if (entry.document.brand) count(this.brands, entry.document.brand, -1);
  }

  search(query: SearchQuery): SearchResult {
    const text = (query.text ?? '').slice(0, MAX_QUERY_LENGTH).trim();
    const matchedTerms = new Set<string>();
    const candidates: Scored[] = [];
    const offset = (query.page - 1) * query.limit;
    let page: Scored[];
    if (text === '') {
      for (const scored of this.browseOrder(query.sort))
        if (passes(scored.entry, query)) candidates.push(scored);
      page = candidates.slice(offset, offset + query.limit);
    } else {
      for (const [entry, score] of this.textMatches(text, matchedTerms))
        if (passes(entry, query)) candidates.push({ entry, score: score * entry.boost });
      page = topOf(candidates, SORTS[query.sort], offset + query.limit).slice(offset);
    }
    const facets = this.facetValues.facetsOf(candidates);
    const isMatch = (word: string) => {
      const term = analyseWord(word);
      return term !== null && matchedTerms.has(term);
    };
    const items: SearchHit[] = page.map(({ entry: { document } }) => {
      const highlights: SearchHit['highlights'] = {};
      if (matchedTerms.size > 0) {
        const name = highlight(document.name, isMatch);
        const description = highlight(document.description, isMatch, HIGHLIGHT_FRAGMENT);
        if (name !== undefined) highlights.name = name;
        if (description !== undefined) highlights.description = description;
      }
      return { document, highlights };
    });
    return { items, total: candidates.length, facets };
  }

  private browseOrder(sort: SearchQuery['sort']): Scored[] {
    let order = this.browseOrders.get(sort);
    if (!order) {
      order = [...this.entries.values()].map((entry) => ({ entry, score: entry.boost })).sort(SORTS[sort]);
      this.browseOrders.set(sort, order);
    }
    return order;
  }

  /** Documents the text matches, with their text scores; the terms that matched go into `matchedTerms`. */
  private textMatches(text: string, matchedTerms: Set<string>): Map<Entry, number> {
    const clauses = planQuery(text, analyse);
    const exact = new Map<string, Map<number, number>>();
    const termScores = (term: string) => {
      let scores = exact.get(term);
      if (!scores) {
        scores = this.vocabulary.has(term) ? this.bm25(term) : new Map();
        exact.set(term, scores);
        if (scores.size > 0) matchedTerms.add(term);
      }
      return scores;
    };
    const typedScores = (token: string) => {
      const expansions = this.expand(token);
      if (expansions.length === 1 && expansions[0]!.weight === 1) return termScores(expansions[0]!.term);
      const scores = new Map<number, number>();
      for (const { term, weight } of expansions) {
        for (const [id, score] of termScores(term)) {
          if (weight * score > (scores.get(id) ?? 0)) scores.set(id, weight * score);
        }
      }
      return scores;
    };
    const perClause = clauses.map((clause) => this.clauseScores(clause, typedScores, termScores));
    const bySku = this.skus.get(fold(text));
    let matches = intersect(perClause);
    if (matches.size === 0 && perClause.length > 1 && !bySku) matches = union(perClause);
    const result = new Map<Entry, number>();
    for (const [internalId, score] of matches) {
      const entry = this.byInternal[internalId];
      if (entry) result.set(entry, score);
    }
    if (bySku) {
      let best = 1;
      for (const score of result.values()) if (score > best) best = score;
      result.set(bySku, best * 100);
    }
    return result;
  }

  /**
   * BM25 of one exact term per document, summed over the fields with their boosts, from Orama's postings and
   * statistics (Orama's own `search` matches prefixes and typos, and walks a large posting list quadratically).
   */
  private bm25(term: string): Map<number, number> {
    const index = this.db.data.index as oramaIndex.Index;
    const scores = new Map<number, number>();
    const documents = this.entries.size;
    for (const field of FIELDS) {
      const tree = index.indexes[field]?.node as radix.RadixNode | undefined;
      const node = tree && exactNode(tree, term);
      if (!node || node.d.size === 0) continue;
      const occurrences = index.tokenOccurrences[field]?.[term] ?? node.d.size;
      const idf = Math.log(1 + (documents - occurrences + 0.5) / (occurrences + 0.5));
      const average = index.avgFieldLength[field] ?? 1;
      const lengths = index.fieldLengths[field]!;
      const frequencies = index.frequencies[field]!;
      const boost = FIELD_BOOST[field];
      for (const id of node.d) {
        const tf = frequencies[id]?.[term] ?? 0;
        const length = lengths[id] ?? average;
        const score =
          (idf * (BM25.d + tf * (BM25.k + 1))) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / average));
        scores.set(id, (scores.get(id) ?? 0) + score * boost);
      }
    }
    return scores;
  }

  private clauseScores(
    clause: QueryClause,
    typedScores: (token: string) => Map<number, number>,
    termScores: (term: string) => Map<number, number>,
  ): Map<number, number> {
    const typed = clause.typed.map(clause.typos ? typedScores : termScores);
    if (clause.synonyms.length === 0) return intersect(typed);
    const best = new Map<number, number>();
    const offer = (parts: Map<number, number>[], weight: number) => {
      for (const [id, score] of intersect(parts)) {
        if (score * weight > (best.get(id) ?? 0)) best.set(id, score * weight);
      }
    };
    offer(typed, 1);
    for (const synonym of clause.synonyms) offer(synonym.map(termScores), SYNONYM_WEIGHT);
    if (clause.typed.length > 1) {
      // A phrase matched through a synonym still earns something for each of its own words a product holds:
      // "fitness tracker" puts a Fitness Band above a Smartwatch.
      for (const [id, score] of best) {
        let own = 0;
        for (const scores of typed) own += scores.get(id) ?? 0;
        if (own > 0) best.set(id, score + PARTIAL_WEIGHT * own);
      }
    }
    return best;
  }

  /**
   * Indexed terms a typed term stands for: itself when the index holds it, else those within its typo allowance
   * (closest, commonest first).
   */
  private expand(token: string): { term: string; weight: number }[] {
    if (this.vocabulary.has(token)) return [{ term: token, weight: 1 }];
    const cached = this.expansions.get(token);
    if (cached) return cached;
    const allowance = typoAllowance(token);
    const near: { term: string; distance: number; documents: number }[] = [];
    for (let length = token.length - allowance; length <= token.length + allowance; length++) {
      for (const term of this.termsByLength.get(length) ?? []) {
        if (term === token || term.slice(0, TYPO_PREFIX_LENGTH) !== token.slice(0, TYPO_PREFIX_LENGTH))
          continue;
        const distance = editDistance(token, term, allowance);
        if (distance > 0) near.push({ term, distance, documents: this.vocabulary.get(term) ?? 0 });
      }
    }
    near.sort((a, b) => a.distance - b.distance || b.documents - a.documents || (a.term < b.term ? -1 : 1));
    const expansions = near
      .slice(0, MAX_EXPANSIONS)
      .map(({ term, distance }) => ({ term, weight: TYPO_WEIGHT[distance]! }));
    if (this.expansions.size > 10_000) this.expansions = new Map();
    this.expansions.set(token, expansions);
    return expansions;
  }

  suggest(prefix: string, limit: number): Suggestion[] {
    const wanted = plainWords(prefix.slice(0, MAX_QUERY_LENGTH));
    const size = Math.min(Math.max(0, Math.floor(limit)), MAX_SUGGESTIONS);
    if (wanted.length === 0 || size === 0) return [];
    const fits = (words: readonly string[]) => wanted.every((w) => words.some((word) => word.startsWith(w)));
    const matching: Scored[] = [];
    for (const entry of this.entries.values()) if (fits(entry.nameWords)) matching.push({ entry, score: 0 });
    const seen = new Set<string>();
    const distinct = (candidates: readonly Scored[]) => {
      seen.clear();
      const names: Suggestion[] = [];
      for (const { entry } of candidates) {
        const key = fold(entry.document.name);
        if (seen.has(key)) continue;
        seen.add(key);
        names.push({ text: entry.document.name, slug: entry.document.slug });
        if (names.length >= size) break;
      }
      return names;
    };
    // The best few are enough unless repeated names use them up.
    let names = distinct(topOf(matching, SUGGESTION_ORDER, size * 4));
    if (names.length < size && matching.length > size * 4) names = distinct(matching.sort(SUGGESTION_ORDER));
    const others = [...namesFitting(this.categories, fits), ...namesFitting(this.brands, fits)]
      .filter(({ text }) => !seen.has(fold(text)))
      .slice(0, size);
    return [...names.slice(0, size - Math.min(2, others.length)), ...others].slice(0, size);
  }
}

/** The radix node of exactly `term`, if the tree holds that word. */
function exactNode(root: radix.RadixNode, term: string): radix.RadixNode | undefined {
  let node = root;
  let position = 0;
  while (position < term.length) {
    const child = node.c.get(term[position]!);
    if (!child || !term.startsWith(child.s, position)) return undefined;
    node = child;
    position += child.s.length;
  }
  return node.e ? node : undefined;
}

function namesFitting(
  counts: Map<string, number>,
  fits: (words: readonly string[]) => boolean,
): Suggestion[] {
  return [...counts]
    .filter(([text]) => fits(plainWords(text)))
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([text]) => ({ text }));
}

function count(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

/** Documents in every map, scores summed (one map is answered as it is: never change what this returns). */
function intersect(maps: readonly Map<number, number>[]): Map<number, number> {
  if (maps.length === 0) return new Map();
  if (maps.length === 1) return maps[0]!;
  const [smallest, ...rest] = [...maps].sort((a, b) => a.size - b.size);
  const result = new Map<number, number>();
  for (const [id, score] of smallest!) {
    let total = score;
    let everywhere = true;
    for (const other of rest) {
      const more = other.get(id);
      if (more === undefined) {
        everywhere = false;
        break;
      }
      total += more;
    }
    if (everywhere) result.set(id, total);
  }
  return result;
}

/** Documents in any map, scores summed. */
function union(maps: readonly Map<number, number>[]): Map<number, number> {
  const result = new Map<number, number>();
  for (const map of maps) for (const [id, score] of map) result.set(id, (result.get(id) ?? 0) + score);
  return result;
}

function passes(entry: Entry, query: SearchQuery): boolean {
  const document = entry.document;
  if (query.categoryId !== undefined && document.categoryId !== query.categoryId) return false;
  if (query.brands?.length && !query.brands.includes(document.brand)) return false;
  if (query.minPrice !== undefined && document.price.amount < query.minPrice) return false;
  if (query.maxPrice !== undefined && document.price.amount > query.maxPrice) return false;
  if (query.inStock === true && !document.inStock) return false;
  for (const [name, values] of Object.entries(query.attributes ?? {})) {
    if (values.length === 0) continue;
    const held = document.attributes[name];
    if (!held?.some((value) => values.includes(value))) return false;
  }
  return true;
}

/**
 * Every facet value the index has seen, numbered, so counting facets over thousands of results is adding into an
 * array. Numbers are never reused; a value no document holds any more simply counts zero.
 */
class FacetValues {
  private readonly numbers = new Map<string, number>();
  private readonly values: { kind: 'category' | 'brand' | 'attribute'; value: string; name: string }[] = [];

  number(kind: 'category' | 'brand' | 'attribute', value: string, name = ''): number {
    const key = `${kind}\u0000${name}\u0000${value}`;
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.values.length;
      this.numbers.set(key, number);
      this.values.push({ kind, value, name });
    }
    return number;
  }

  facetsOf(candidates: readonly Scored[]): SearchFacets {
    const counts = new Uint32Array(this.values.length);
    const prices = new Array<number>(PRICE_BUCKETS.length).fill(0);
    for (const { entry } of candidates) {
      const values = entry.facetValues;
      for (let i = 0; i < values.length; i++) counts[values[i]!]!++;
      if (entry.priceBucket >= 0) prices[entry.priceBucket]!++;
    }
    const categories = new Map<string, number>();
    const brands = new Map<string, number>();
    const attributes = new Map<string, Map<string, number>>();
    counts.forEach((count, number) => {
      if (count === 0) return;
      const { kind, value, name } = this.values[number]!;
      if (kind === 'category') categories.set(value, count);
      else if (kind === 'brand') brands.set(value, count);
      else {
        let values = attributes.get(name);
        if (!values) {
          values = new Map();
          attributes.set(name, values);
        }
        values.set(value, count);
      }
    });
    const attributeFacets: Record<string, SearchFacets['category']> = {};
    for (const name of [...attributes.keys()].sort())
      attributeFacets[name] = facetCounts(attributes.get(name)!);
    return {
      category: facetCounts(categories),
      brand: facetCounts(brands),
      price: priceFacet(prices),
      attributes: attributeFacets,
    };
  }
}

type Order = (a: Scored, b: Scored) => number;
/** Suggestions: in stock first, then most popular, then by name. */
const SUGGESTION_ORDER: Order = ({ entry: a }, { entry: b }) =>
  Number(b.document.inStock) - Number(a.document.inStock) ||
  b.document.popularity - a.document.popularity ||
  (a.document.name < b.document.name ? -1 : a.document.name > b.document.name ? 1 : 0) ||
  byId(a, b);
const SORTS: Record<SearchQuery['sort'], Order> = {
  relevance: (a, b) => b.score - a.score || byId(a.entry, b.entry),
  price_asc: (a, b) =>
    a.entry.document.price.amount - b.entry.document.price.amount || byId(a.entry, b.entry),
  price_desc: (a, b) =>
    b.entry.document.price.amount - a.entry.document.price.amount || byId(a.entry, b.entry),
  newest: (a, b) => b.entry.createdMs - a.entry.createdMs || byId(a.entry, b.entry),
};

/** The first `n` in `order`, sorted, without sorting everything when n is small. */
function topOf(candidates: Scored[], order: Order, n: number): Scored[] {
  if (n <= 0) return [];
  if (n > 100 || candidates.length <= n * 4) return candidates.sort(order).slice(0, n);
  const top: Scored[] = [];
  for (const candidate of candidates) {
    if (top.length === n && order(candidate, top[n - 1]!) >= 0) continue;
    let low = 0;
    let high = top.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order(top[middle]!, candidate) <= 0) low = middle + 1;
      else high = middle;
    }
    top.splice(low, 0, candidate);
    if (top.length > n) top.pop();
  }
  return top;
}

function checkQuery(query: SearchQuery): void {
  const fields = [];
  if (!Number.isInteger(query.page) || query.page < 1 || query.page > MAX_SEARCH_PAGE)
    fields.push({ path: 'page', message: `must be a whole number from 1 to ${MAX_SEARCH_PAGE}` });
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_SEARCH_LIMIT)
    fields.push({ path: 'limit', message: `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}` });
  if (!SEARCH_SORTS.includes(query.sort))
    fields.push({ path: 'sort', message: `must be one of ${SEARCH_SORTS.join(', ')}` });
  if (fields.length > 0) throw invalid('SEARCH.BAD_QUERY', 'the search query is not valid', fields);
}

/**
 * The in-process search engine (Orama underneath): what `npm start`, the tests and a single search task use. The
 * whole index lives in memory; a reindex builds a second one beside it and switches when it is complete, replaying
 * the writes that came in meanwhile.
 */
export class EmbeddedSearchIndex implements SearchIndex {
  private current = new Generation();
  /** Writes made while a reindex runs, replayed onto the new index before it takes over. */
  private journal: ({ upsert: readonly SearchDocument[] } | { remove: readonly string[] })[] | null = null;
  private reindexing: Promise<unknown> = Promise.resolve();
  private closed = false;

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    this.open();
    this.journal?.push({ upsert: documents });
    await this.current.upsert(documents);
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.open();
    this.journal?.push({ remove: ids });
    await this.current.remove(ids);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    this.open();
    checkQuery(query);
    return this.current.search(query);
  }

  async suggest(prefix: string, limit: number): Promise<Suggestion[]> {
    this.open();
    return this.current.suggest(prefix, limit);
  }

  reindex(source: DocumentSource, onProgress?: (indexed: number) => void): Promise<{ indexed: number }> {
    this.open();
    const run = this.reindexing.then(() => this.rebuild(source, onProgress));
    this.reindexing = run.catch(() => {});
    return run;
  }

  private async rebuild(
    source: DocumentSource,
    onProgress?: (indexed: number) => void,
  ): Promise<{ indexed: number }> {
    const fresh = new Generation();
    const journal: NonNullable<typeof this.journal> = [];
    this.journal = journal;
    try {
      for await (const page of source) {
        this.open();
        await fresh.upsert(page);
        onProgress?.(fresh.size);
      }
      const indexed = fresh.size;
      while (journal.length > 0) {
        for (const write of journal.splice(0)) {
          if ('upsert' in write) await fresh.upsert(write.upsert);
          else await fresh.remove(write.remove);
        }
      }
      this.open();
      this.current = fresh;
      return { indexed };
    } finally {
      if (this.journal === journal) this.journal = null;
    }
  }

  async ready(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.journal = null;
  }

  private open(): void {
    if (this.closed) throw new DomainError('SEARCH.CLOSED', 'unavailable', 'the search index is closed');
  }
}
