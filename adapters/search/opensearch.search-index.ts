import { Client } from '@opensearch-project/opensearch';
import { compareFacetCounts, priceFacet } from '../../domain/search/facets.js';
import { HIGHLIGHT_FRAGMENT, highlight, WORD_PATTERN } from '../../domain/search/highlight.js';
import {
  type Analyzer,
  OPENSEARCH_FUZZINESS,
  planQuery,
  SYNONYM_WEIGHT,
  TYPO_PREFIX_LENGTH,
} from '../../domain/search/query-plan.js';
import {
  type DocumentSource,
  type FacetCount,
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
import { SYNONYMS } from '../../domain/search/synonyms.js';
import { DomainError, invalid } from '../../domain/shared/errors.js';
import {
  fromIndexed,
  indexMappings,
  indexSettings,
  PAIR_SEPARATOR,
  synonymRules,
  synonymsHash,
  toIndexed,
} from './opensearch.mapping.js';

export interface OpenSearchSearchIndexOptions {
  /** The cluster's URL, e.g. http://127.0.0.1:9200. */
  node: string;
  /** What searches read and writes go to, e.g. `shop-prod-products`; each full reindex builds `<alias>_<timestamp>`. */
  alias: string;
  /** Bound of every request a search, suggest or write makes. */
  requestTimeoutMs: number;
  /** Bound of index creation, bulk loads and alias changes (default: the larger of 30 s and requestTimeoutMs). */
  adminTimeoutMs?: number;
  /** How long a replaced index is kept after the alias left it, so searches already routed to it finish (2 s). */
  retireAfterMs?: number;
  /** Documents per bulk request during a reindex (1,000). */
  bulkSize?: number;
}

type Json = Record<string, unknown>;

/** Writes made while a reindex builds its index: replayed onto it before the switch (null: removed). */
interface Building {
  index: string;
  writes: Map<string, SearchDocument | null>;
}

/**
 * The relevance boost every engine multiplies the text score by (adapters/search/embedded.search-index.ts,
 * relevanceBoost): popularity saturates (p / (p + pivot)), so no popularity lifts a sold-out product above.
 */
const BOOST = { popularityWeight: 0.25, popularityPivot: 1000, soldOutFactor: 0.75 } as const;
const BOOST_SCRIPT =
  "double p = Math.max(0, doc['popularity'].value); " +
  "return (1 + params.popularityWeight * p / (p + params.popularityPivot)) * (doc['inStock'].value ? 1 : params.soldOutFactor);";

/** Field weights, as the embedded engine has them. */
const FIELDS = ['name^3', 'brand.text^2', 'categoryName^2', 'attributeValues^1.5', 'description^1'];

/**
 * Typos as domain/search/query-plan.ts has them: no edit up to 3 letters, one up to 6, two from 7 on (of the
 * analysed word), transpositions one edit, up to 50 indexed words per typed word.
 */
const FUZZY = {
  fuzziness: OPENSEARCH_FUZZINESS,
  prefix_length: TYPO_PREFIX_LENGTH,
  max_expansions: 50,
  fuzzy_transpositions: true,
};

/**
 * One clause of domain/search/query-plan.ts in OpenSearch's terms: `source` is the part of the text it came from
 * (what synonym_graph expands), `typos` the analysed words the index does not hold and that may match by typo.
 */
interface Clause {
  source: string;
  typed: readonly string[];
  typos: readonly string[];
}

/**
 * SearchIndex on OpenSearch (2.x, also Amazon OpenSearch Service). Reads and writes go through an alias; a full
 * reindex fills a new index with refreshes off, then moves the alias in one atomic call and drops the old index
 * after a grace period, so searches never see a half-built index or an error. English stems and ASCII folding at
 * index time, the shop's synonyms at search time (synonym_graph), typos by fuzzy matching, BM25 times the shared
 * popularity and in-stock boost. Matching follows domain/search/query-plan.ts, as the embedded engine does.
 */
export class OpenSearchSearchIndex implements SearchIndex {
  private readonly client: Client;
  private readonly alias: string;
  private readonly adminTimeoutMs: number;
  private readonly retireAfterMs: number;
  private readonly bulkSize: number;
  private readonly rules = synonymRules();
  private readonly rulesHash = synonymsHash(this.rules);
  private ensured: Promise<void> | null = null;
  private analyzer: Promise<Analyzer> | null = null;
  private building: Building | null = null;
  private reindexing: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: OpenSearchSearchIndexOptions) {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(options.alias))
      throw new Error(`alias must be lowercase letters, digits, - and _, got "${options.alias}"`);
    this.alias = options.alias;
    this.adminTimeoutMs = options.adminTimeoutMs ?? Math.max(30_000, options.requestTimeoutMs);
    this.retireAfterMs = options.retireAfterMs ?? 2000;
    this.bulkSize = options.bulkSize ?? 1000;
    this.client = new Client({ node: options.node, requestTimeout: options.requestTimeoutMs, maxRetries: 0 });
  }

  get aliasName(): string {
    return this.alias;
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    this.open();
    if (documents.length === 0) return;
    await this.ensureIndex();
    const building = this.building;
    for (const document of documents) building?.writes.set(document.id, document);
    const body = documents.flatMap((document) => [
      { index: { _index: this.alias, _id: document.id } },
      toIndexed(document),
    ]);
    await this.bulk(body, 'wait_for');
    if (building) await this.bulk(retarget(body, building.index), false, this.adminTimeoutMs);
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.open();
    if (ids.length === 0) return;
    await this.ensureIndex();
    const building = this.building;
    for (const id of ids) building?.writes.set(id, null);
    const body = ids.map((id) => ({ delete: { _index: this.alias, _id: id } }));
    await this.bulk(body, 'wait_for');
    if (building) await this.bulk(retarget(body, building.index), false, this.adminTimeoutMs);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    this.open();
    checkQuery(query);
    await this.ensureIndex();
    const text = (query.text ?? '').slice(0, MAX_QUERY_LENGTH).trim();
    const clauses = text ? await this.plan(text) : [];
    if (text && clauses.length === 0) return { items: [], total: 0, facets: facetsFrom(undefined) };
    let body = await this.runSearch(query, clauses, 'and');
    // No product has every word: products with any of them, those with more first (query-plan.ts), unless the
    // filters alone emptied the result.
    if (body.hits.total.value === 0 && clauses.length > 1 && (await this.countMatching(clauses)) === 0)
      body = await this.runSearch(query, clauses, 'or');
    const items: SearchHit[] = body.hits.hits.map((hit) => {
      const document = fromIndexed(hit._source);
      const highlights: SearchHit['highlights'] = {};
      const name = highlightFrom(document.name, hit.highlight?.name);
      const description = highlightFrom(document.description, hit.highlight?.description, HIGHLIGHT_FRAGMENT);
      if (name !== undefined) highlights.name = name;
      if (description !== undefined) highlights.description = description;
      return { document, highlights };
    });
    return { items, total: body.hits.total.value, facets: facetsFrom(body.aggregations) };
  }

  /**
   * The text's clauses (query-plan.ts). One request: OpenSearch's term suggester analyses the text as the index does
   * (so the words are exactly the indexed terms) and, in `missing` mode, offers corrections only for words the index
   * does not hold: those are the typos.
   */
  private async plan(text: string): Promise<Clause[]> {
    const response = await this.client.search({
      index: this.alias,
      body: {
        size: 0,
        track_total_hits: false,
        suggest: {
          text,
          words: {
            term: {
              field: 'allText',
              analyzer: 'shop_index',
              suggest_mode: 'missing',
              max_edits: 2,
              prefix_length: TYPO_PREFIX_LENGTH,
              min_word_length: 4,
              accuracy: 0.3,
              size: 1,
              string_distance: 'damerau_levenshtein',
            },
          },
        },
      } as never,
    });
    const body = response.body as unknown as Answer & {
      suggest: { words: { text: string; offset: number; length: number; options: unknown[] }[] };
    };
    assertComplete(body);
    const words = body.suggest.words;
    const tokens = words.map((word) => word.text);
    const analyze = await this.synonymAnalyzer();
    const planned = planQuery(text, (input) => (input === text ? tokens : analyze(input)), SYNONYMS);
    const clauses: Clause[] = [];
    let position = 0;
    for (const clause of planned) {
      // Clauses come in the order of their words (a repeated one is left out): find this one's words from here on.
      let start = position;
      while (start < tokens.length && !clause.typed.every((token, i) => tokens[start + i] === token)) start++;
      if (start >= tokens.length) continue;
      const first = words[start]!;
      const last = words[start + clause.typed.length - 1]!;
      position = start + clause.typed.length;
      clauses.push({
        source: text.slice(first.offset, last.offset + last.length),
        typed: clause.typed,
        typos: clause.typos ? clause.typed.filter((_, i) => (words[start + i]?.options.length ?? 0) > 0) : [],
      });
    }
    return clauses;
  }

  /** The synonym list's entries as the index analyses them (asked once), for query-plan.ts. */
  private synonymAnalyzer(): Promise<Analyzer> {
    this.analyzer ??= (async () => {
      const entries = [...new Set(SYNONYMS.flat())];
      const analysed = new Map<string, string[]>();
      // A few at a time: the node's analyze queue holds 16.
      for (let start = 0; start < entries.length; start += 8)
        await Promise.all(
          entries.slice(start, start + 8).map(async (entry) => {
            const response = await this.client.indices.analyze({
              index: this.alias,
              body: { analyzer: 'shop_index', text: entry } as never,
            });
            const tokens = (response.body as { tokens?: { token: string }[] }).tokens ?? [];
            analysed.set(
              entry,
              tokens.map((t) => t.token),
            );
          }),
        );
      return (input: string) => analysed.get(input) ?? [];
    })().catch((error) => {
      this.analyzer = null;
      throw error;
    });
    return this.analyzer;
  }

  /**
   * Product names whose words begin with every typed word (in any order; one per name), in stock and popular first;
   * then, in up to two of the places, category names and brands that fit the same way, commonest first.
   */
  async suggest(prefix: string, limit: number): Promise<Suggestion[]> {
    this.open();
    const text = prefix.slice(0, MAX_QUERY_LENGTH).trim();
    const size = Math.min(Math.max(0, Math.floor(limit)), MAX_SUGGESTIONS);
    if (!/[\p{L}\p{N}]/u.test(text) || size === 0) return [];
    await this.ensureIndex();
    const fits = (field: string) => ({ match: { [field]: { query: text, operator: 'and' } } });
    const names = (field: string) => ({
      filter: fits(`${field}.prefix`),
      aggs: {
        names: {
          terms: {
            field: field === 'brand' ? 'brand' : `${field}.keyword`,
            size: MAX_SUGGESTIONS * 2,
            order: [{ _count: 'desc' }, { _key: 'asc' }],
          },
        },
      },
    });
    const response = await this.client.search({
      index: this.alias,
      body: {
        size,
        _source: ['name', 'slug'],
        query: { bool: { filter: [fits('name.prefix')] } },
        collapse: { field: 'name.folded' },
        sort: [{ inStock: 'desc' }, { popularity: 'desc' }, { 'name.raw': 'asc' }, { id: 'asc' }],
        aggs: {
          everything: { global: {}, aggs: { categories: names('categoryName'), brands: names('brand') } },
        },
      } as never,
    });
    const body = response.body as unknown as SuggestResponse;
    assertComplete(body);
    const seen = new Set<string>();
    const products: Suggestion[] = [];
    for (const hit of body.hits.hits) {
      const name = String(hit._source.name);
      if (seen.has(fold(name))) continue;
      seen.add(fold(name));
      products.push({ text: name, slug: String(hit._source.slug) });
    }
    const everything = body.aggregations.everything;
    const others = [...everything.categories.names.buckets, ...everything.brands.names.buckets]
      .map((bucket) => ({ text: String(bucket.key) }))
      .filter(({ text }) => !seen.has(fold(text)))
      .slice(0, size);
    return [...products.slice(0, size - Math.min(2, others.length)), ...others].slice(0, size);
  }

  /** One at a time: a second call waits for the first. */
  reindex(source: DocumentSource, onProgress?: (indexed: number) => void): Promise<{ indexed: number }> {
    this.open();
    const run = this.reindexing.then(() => this.rebuild(source, onProgress));
    this.reindexing = run.catch(() => {});
    return run;
  }

  async ready(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const response = await this.client.cluster.health({ timeout: '1s' });
      return (response.body as { status?: string }).status !== 'red';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  /** Deletes every index the alias has pointed at (`<alias>_*`), and so the alias: for tests and tear-down. */
  async drop(): Promise<void> {
    this.open();
    await this.client.indices.delete(
      { index: `${this.alias}_*`, ignore_unavailable: true, expand_wildcards: 'all' },
      { requestTimeout: this.adminTimeoutMs },
    );
    this.ensured = null;
  }

  /** The indices behind the alias ([] when it does not exist); one, except for a moment during a switch. */
  async indices(): Promise<string[]> {
    const response = await this.client.indices.getAlias(
      { name: this.alias },
      { ignore: [404], requestTimeout: this.adminTimeoutMs },
    );
    if (response.statusCode === 404) return [];
    return Object.keys(response.body as Json);
  }

  private open(): void {
    if (this.closed) throw new DomainError('SEARCH.CLOSED', 'unavailable', 'the search index is closed');
  }

  private async runSearch(
    query: SearchQuery,
    clauses: readonly Clause[],
    operator: 'and' | 'or',
  ): Promise<SearchResponse> {
    const text = clauses.length > 0;
    const response = await this.client.search({
      index: this.alias,
      body: {
        from: (query.page - 1) * query.limit,
        size: query.limit,
        track_total_hits: true,
        query: {
          function_score: {
            query: searchQuery(query, clauses, operator),
            script_score: { script: { source: BOOST_SCRIPT, params: BOOST } },
            boost_mode: 'multiply',
          },
        },
        sort: SORTS[query.sort],
        aggs: facetAggregations(),
        ...(text ? { highlight: highlightFor(query.text!, clauses) } : {}),
      } as never,
    });
    const body = response.body as unknown as SearchResponse;
    assertComplete(body);
    return body;
  }

  /** How many products have every word of the text, whatever the filters. */
  private async countMatching(clauses: readonly Clause[]): Promise<number> {
    const response = await this.client.count({
      index: this.alias,
      body: { query: matching(clauses, 'and') } as never,
    });
    return (response.body as { count: number }).count;
  }

  private async rebuild(
    source: DocumentSource,
    onProgress?: (indexed: number) => void,
  ): Promise<{ indexed: number }> {
    await this.ensureIndex();
    const admin = { requestTimeout: this.adminTimeoutMs };
    const index = `${this.alias}_${timestamp()}`;
    await this.client.indices.create(
      {
        index,
        body: {
          settings: indexSettings(this.rules, { bulkLoad: true }),
          mappings: indexMappings(this.rulesHash),
        } as never,
      },
      admin,
    );
    const building: Building = { index, writes: new Map() };
    this.building = building;
    let indexed = 0;
    try {
      for await (const page of source) {
        this.open();
        for (let start = 0; start < page.length; start += this.bulkSize) {
          const chunk = page.slice(start, start + this.bulkSize);
          await this.bulk(
            chunk.flatMap((document) => [
              { index: { _index: index, _id: document.id } },
              toIndexed(document),
            ]),
            false,
            this.adminTimeoutMs,
          );
          indexed += chunk.length;
          onProgress?.(indexed);
        }
      }
      // A write made meanwhile may have been overwritten by an older copy from the source: write it again.
      const replay = [...building.writes].flatMap(([id, document]): Json[] =>
        document
          ? [{ index: { _index: index, _id: id } }, toIndexed(document)]
          : [{ delete: { _index: index, _id: id } }],
      );
      if (replay.length > 0) await this.bulk(replay, false, this.adminTimeoutMs);
      await this.client.indices.putSettings(
        { index, body: { index: { refresh_interval: '1s' } } as never },
        admin,
      );
      await this.client.indices.refresh({ index }, admin);
      this.open();
      const previous = await this.indices();
      await this.client.indices.updateAliases(
        {
          body: {
            actions: [
              ...previous.map((old) => ({ remove: { index: old, alias: this.alias } })),
              { add: { index, alias: this.alias } },
            ],
          } as never,
        },
        admin,
      );
      this.building = null;
      // Searches already routed to the old index finish before it goes.
      const retired = previous.filter((old) => old !== index);
      if (retired.length > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.retireAfterMs));
        await this.client.indices.delete({ index: retired.join(','), ignore_unavailable: true }, admin);
      }
      return { indexed };
    } catch (error) {
      if (this.building === building) {
        this.building = null;
        await this.client.indices.delete({ index, ignore_unavailable: true }, admin).catch(() => {});
      }
      throw error;
    }
  }

  /**
   * The alias exists (a first index is created on first use; processes that race create it once, as its name is
   * fixed) and its search analyser has the current synonyms: when the list changed, the index's synonym filter is
   * updated in place (it closes for a moment; no reindex, synonyms apply at search time only).
   */
  private ensureIndex(): Promise<void> {
    this.ensured ??= this.prepare().catch((error) => {
      this.ensured = null;
      throw error;
    });
    return this.ensured;
  }

  private async prepare(): Promise<void> {
    const admin = { requestTimeout: this.adminTimeoutMs };
    if ((await this.indices()).length === 0) {
      const response = await this.client.indices.create(
        {
          index: `${this.alias}_initial`,
          body: {
            settings: indexSettings(this.rules, { bulkLoad: false }),
            mappings: indexMappings(this.rulesHash),
            aliases: { [this.alias]: {} },
          } as never,
        },
        { ...admin, ignore: [400] },
      );
      const error = (response.body as { error?: { type?: string; reason?: string } }).error;
      if (error && error.type !== 'resource_already_exists_exception')
        throw new Error(`cannot create the index for ${this.alias}: ${error.reason ?? error.type}`);
    }
    const mappings = await this.client.indices.getMapping({ index: this.alias }, admin);
    for (const [index, value] of Object.entries(mappings.body as Json)) {
      const meta = (value as { mappings?: { _meta?: { synonyms?: string } } }).mappings?._meta;
      if (meta?.synonyms !== this.rulesHash) await this.updateSynonyms(index);
    }
  }

  private async updateSynonyms(index: string): Promise<void> {
    const admin = { requestTimeout: this.adminTimeoutMs };
    await this.client.indices.close({ index }, admin);
    try {
      await this.client.indices.putSettings(
        {
          index,
          body: { index: { analysis: { filter: { shop_synonyms: { synonyms: this.rules } } } } } as never,
        },
        admin,
      );
    } finally {
      await this.client.indices.open({ index, wait_for_active_shards: '1' } as never, admin);
    }
    await this.client.indices.putMapping(
      { index, body: { _meta: indexMappings(this.rulesHash)._meta } as never },
      admin,
    );
  }

  /** One bulk request; fails with the first item's reason when any item failed (a missing document to delete is fine). */
  private async bulk(body: Json[], refresh: 'wait_for' | false, requestTimeout?: number): Promise<void> {
    const response = await this.client.bulk(
      { body, ...(refresh ? { refresh } : {}) } as never,
      requestTimeout ? { requestTimeout } : undefined,
    );
    const result = response.body as unknown as {
      errors: boolean;
      items: Record<string, { status: number; error?: { type: string; reason: string } }>[];
    };
    if (!result.errors) return;
    for (const item of result.items) {
      const [action, outcome] = Object.entries(item)[0]!;
      if (action === 'delete' && outcome.status === 404) continue;
      if (outcome.error)
        throw new Error(`OpenSearch bulk ${action} failed: ${outcome.error.type}: ${outcome.error.reason}`);
    }
  }
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

/** Lower case with accents folded, as the embedded engine compares names. */
const fold = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

const fuzzy = (field: string, value: string, boost = 1): Json => ({
  fuzzy: {
    [field]: {
      value,
      fuzziness: FUZZY.fuzziness,
      prefix_length: FUZZY.prefix_length,
      max_expansions: FUZZY.max_expansions,
      transpositions: FUZZY.fuzzy_transpositions,
      boost,
    },
  },
});

/**
 * A clause matches in some field (`allText` holds them all): its words as meant or one of their synonyms
 * (synonym_graph, every word of a multi-word one), or, for words the index does not hold, within the typo allowance.
 */
function clauseQuery(clause: Clause): Json {
  const should: Json[] = [
    {
      match: {
        allText: { query: clause.source, operator: 'and', auto_generate_synonyms_phrase_query: false },
      },
    },
  ];
  if (clause.typos.length > 0)
    should.push({
      bool: {
        must: clause.typed.map((token) =>
          clause.typos.includes(token) ? fuzzy('allText', token) : { term: { allText: token } },
        ),
      },
    });
  return { bool: { should, minimum_should_match: 1 } };
}

/** Which products the text matches: every clause (`and`) or any (`or`). */
function matching(clauses: readonly Clause[], operator: 'and' | 'or'): Json {
  const parts = clauses.map(clauseQuery);
  return operator === 'and'
    ? { bool: { must: parts } }
    : { bool: { should: parts, minimum_should_match: 1 } };
}

function searchQuery(query: SearchQuery, clauses: readonly Clause[], operator: 'and' | 'or'): Json {
  const filter: Json[] = [];
  if (query.categoryId !== undefined) filter.push({ term: { categoryId: query.categoryId } });
  if (query.brands?.length) filter.push({ terms: { brand: query.brands } });
  if (query.minPrice !== undefined || query.maxPrice !== undefined)
    filter.push({
      range: {
        'price.amount': {
          ...(query.minPrice !== undefined ? { gte: query.minPrice } : {}),
          ...(query.maxPrice !== undefined ? { lte: query.maxPrice } : {}),
        },
      },
    });
  if (query.inStock === true) filter.push({ term: { inStock: true } });
  for (const [name, values] of Object.entries(query.attributes ?? {}))
    if (values.length > 0)
      filter.push({ terms: { attributePairs: values.map((value) => `${name}${PAIR_SEPARATOR}${value}`) } });
  if (clauses.length === 0) return { bool: { must: [{ match_all: {} }], filter } };
  const text = query.text!.slice(0, MAX_QUERY_LENGTH).trim();
  return {
    bool: {
      must: [
        {
          bool: {
            should: [matching(clauses, operator), { term: { skus: { value: text, boost: 100 } } }],
            minimum_should_match: 1,
          },
        },
      ],
      filter,
      should: scoring(text, clauses),
    },
  };
}

/**
 * How well a product matches: the words as typed count most in the name, then brand and category, then attributes
 * and description; a typo's match less, the closer the more; a synonym's match less (SYNONYM_WEIGHT); the words
 * together in the name extra.
 */
function scoring(text: string, clauses: readonly Clause[]): Json[] {
  const typos = [...new Set(clauses.flatMap((clause) => clause.typos))];
  const weighted = FIELDS.map((field) => {
    const [name, weight] = field.split('^');
    return { name: name!, weight: Number(weight ?? 1) };
  });
  return [
    { multi_match: { query: text, type: 'most_fields', fields: FIELDS, analyzer: 'shop_index' } },
    ...typos.map((token) => ({
      dis_max: { queries: weighted.map(({ name, weight }) => fuzzy(name, token, weight)), tie_breaker: 0.3 },
    })),
    {
      multi_match: {
        query: text,
        type: 'most_fields',
        fields: FIELDS,
        auto_generate_synonyms_phrase_query: false,
        boost: SYNONYM_WEIGHT,
      },
    },
    { match_phrase: { name: { query: text, analyzer: 'shop_index', slop: 1, boost: 2 } } },
  ];
}

const SORTS: Record<SearchQuery['sort'], Json[]> = {
  relevance: [{ _score: 'desc' }, { id: 'asc' }],
  price_asc: [{ 'price.amount': 'asc' }, { id: 'asc' }],
  price_desc: [{ 'price.amount': 'desc' }, { id: 'asc' }],
  newest: [{ createdAt: 'desc' }, { id: 'asc' }],
};

/** OpenSearch finds the matched words (stems, synonyms, typos); domain/search/highlight.ts marks them up. */
function highlightFor(text: string, clauses: readonly Clause[]): Json {
  const typos = [...new Set(clauses.flatMap((clause) => clause.typos))];
  const field = (name: string) => ({
    number_of_fragments: 0,
    highlight_query: {
      bool: {
        should: [
          { match: { [name]: { query: text, auto_generate_synonyms_phrase_query: false } } },
          ...typos.map((token) => fuzzy(name, token)),
        ],
      },
    },
  });
  return {
    pre_tags: ['<mark>'],
    post_tags: ['</mark>'],
    encoder: 'html',
    require_field_match: true,
    fields: { name: field('name'), description: field('description') },
  };
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x2F;': '/',
};
const decode = (html: string) =>
  html.replace(/&(?:amp|lt|gt|quot|#x27|#39|#x2F);/g, (entity) => ENTITIES[entity]!);

/** The field with the words OpenSearch marked wrapped in <mark>, the rest escaped, as every engine does it. */
function highlightFrom(text: string, fragments: string[] | undefined, fragment?: number): string | undefined {
  if (!fragments?.length) return undefined;
  const marked = new Set<string>();
  for (const piece of fragments)
    for (const match of piece.matchAll(/<mark>(.*?)<\/mark>/g))
      for (const word of decode(match[1]!).matchAll(WORD_PATTERN)) marked.add(fold(word[0]));
  if (marked.size === 0) return undefined;
  return highlight(text, (word) => marked.has(fold(word)), fragment);
}

function facetAggregations(): Json {
  const terms = (field: string, size: number) => ({
    terms: { field, size, shard_size: size, order: [{ _count: 'desc' }, { _key: 'asc' }] },
  });
  return {
    category: terms('categoryId', 1000),
    brand: terms('brand', 1000),
    attributes: terms('attributePairs', 10_000),
    price: {
      range: {
        field: 'price.amount',
        ranges: PRICE_BUCKETS.map((bucket) => ({
          ...(bucket.from !== null ? { from: bucket.from } : {}),
          ...(bucket.to !== null ? { to: bucket.to } : {}),
        })),
      },
    },
  };
}

interface TermsAggregation {
  buckets: { key: string; doc_count: number }[];
}

interface Answer {
  timed_out?: boolean;
  _shards?: { failed?: number; failures?: { reason?: { reason?: string } }[] };
}

interface SearchResponse extends Answer {
  hits: {
    total: { value: number };
    hits: { _id: string; _source: Json; highlight?: Record<string, string[]> }[];
  };
  aggregations?: {
    category: TermsAggregation;
    brand: TermsAggregation;
    attributes: TermsAggregation;
    price: { buckets: { doc_count: number }[] };
  };
}

interface SuggestResponse extends Answer {
  hits: { hits: { _source: Json }[] };
  aggregations: {
    everything: { categories: { names: TermsAggregation }; brands: { names: TermsAggregation } };
  };
}

/** A partial answer (a shard failed or timed out) is an error, never a silently short result. */
function assertComplete(body: Answer): void {
  if (body._shards?.failed)
    throw new Error(
      `OpenSearch answered with ${body._shards.failed} failed shard(s): ${body._shards.failures?.[0]?.reason?.reason ?? 'unknown'}`,
    );
  if (body.timed_out) throw new Error('OpenSearch timed out and answered partially');
}

function facetsFrom(aggregations: SearchResponse['aggregations']): SearchFacets {
  if (!aggregations) return { category: [], brand: [], price: [], attributes: {} };
  const counts = (buckets: TermsAggregation['buckets']): FacetCount[] =>
    buckets
      .filter((bucket) => bucket.doc_count > 0)
      .map((bucket) => ({ value: String(bucket.key), count: bucket.doc_count }))
      .sort(compareFacetCounts);
  const byName = new Map<string, TermsAggregation['buckets']>();
  for (const bucket of aggregations.attributes.buckets) {
    const key = String(bucket.key);
    const at = key.indexOf(PAIR_SEPARATOR);
    const name = key.slice(0, at);
    byName.set(name, [...(byName.get(name) ?? []), { key: key.slice(at + 1), doc_count: bucket.doc_count }]);
  }
  const attributes: Record<string, FacetCount[]> = {};
  for (const name of [...byName.keys()].sort()) {
    const values = counts(byName.get(name)!);
    if (values.length > 0) attributes[name] = values;
  }
  return {
    category: counts(aggregations.category.buckets),
    brand: counts(aggregations.brand.buckets),
    price: priceFacet(PRICE_BUCKETS.map((_, index) => aggregations.price.buckets[index]?.doc_count ?? 0)),
    attributes,
  };
}

function retarget(body: Json[], index: string): Json[] {
  return body.map((line) => {
    const [action] = Object.keys(line);
    if (action !== 'index' && action !== 'delete') return line;
    return { [action]: { ...(line[action] as Json), _index: index } };
  });
}

/** `20261125t193211123z-x7k2`: sorts by time, unique per call, lowercase as index names must be. */
function timestamp(): string {
  const iso = new Date().toISOString().replace(/[-:.]/g, '').toLowerCase();
  return `${iso}-${Math.random().toString(36).slice(2, 6)}`;
}
