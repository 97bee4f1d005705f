import { createHash } from 'node:crypto';
import type { SearchDocument } from '../../domain/search/search.js';
import { SYNONYMS } from '../../domain/search/synonyms.js';

/** Bumped when the mapping or the index-time analysis changes: an index of another version needs a reindex. */
export const MAPPING_VERSION = 1;

/** Separates an attribute's name from its value in `attributePairs` (a character no name or value contains). */
export const PAIR_SEPARATOR = '\u001f';

/** The synonyms in Solr's "equivalent" format, one group a line. */
export const synonymRules = (groups: readonly (readonly string[])[] = SYNONYMS): string[] =>
  groups.map((group) => group.join(', '));

export const synonymsHash = (rules: readonly string[]): string =>
  createHash('sha256').update(rules.join('\n')).digest('hex').slice(0, 16);

/** Longest prefix a suggestion matches word by word (longer typed words are cut to it). */
const MAX_PREFIX = 24;

/**
 * Analysis, agreeing with the embedded engine (adapters/search/text-analysis.ts) and domain/search/query-plan.ts:
 * - `shop_index`: standard words, lower case, accents folded, English possessives and stop words dropped, Porter
 *   stems (OpenSearch's `english` analyser plus ASCII folding). Stop words out also mean a typo never matches "the".
 * - `shop_search`: the same plus the shop's synonyms, so synonyms apply at search time only and a changed list needs
 *   no reindex (the index settings are updated in place, see OpenSearchSearchIndex). The rules pass through the
 *   chain before them, so they are stemmed too: "headphone" expands like "headphones".
 * - `shop_prefix` / `shop_words`: words as typed (apostrophes out, no stems, no stop words) and every prefix of them,
 *   for suggestions: each typed word must begin some word of the name.
 */
export function analysisSettings(rules: readonly string[]) {
  return {
    char_filter: {
      shop_apostrophes: { type: 'pattern_replace', pattern: "['\u2019]", replacement: '' },
    },
    filter: {
      shop_possessive: { type: 'stemmer', language: 'possessive_english' },
      shop_stop: { type: 'stop', stopwords: '_english_' },
      shop_stemmer: { type: 'stemmer', language: 'english' },
      shop_synonyms: { type: 'synonym_graph', synonyms: [...rules] },
      shop_edge: { type: 'edge_ngram', min_gram: 1, max_gram: MAX_PREFIX },
      shop_truncate: { type: 'truncate', length: MAX_PREFIX },
    },
    analyzer: {
      shop_index: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['lowercase', 'asciifolding', 'shop_possessive', 'shop_stop', 'shop_stemmer'],
      },
      shop_search: {
        type: 'custom',
        tokenizer: 'standard',
        filter: [
          'lowercase',
          'asciifolding',
          'shop_possessive',
          'shop_stop',
          'shop_stemmer',
          'shop_synonyms',
        ],
      },
      shop_prefix: {
        type: 'custom',
        char_filter: ['shop_apostrophes'],
        tokenizer: 'standard',
        filter: ['lowercase', 'asciifolding', 'shop_edge'],
      },
      shop_words: {
        type: 'custom',
        char_filter: ['shop_apostrophes'],
        tokenizer: 'standard',
        filter: ['lowercase', 'asciifolding', 'shop_truncate'],
      },
    },
    normalizer: {
      shop_fold: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
    },
  };
}

const text = { type: 'text', analyzer: 'shop_index', search_analyzer: 'shop_search' } as const;
const prefix = { type: 'text', analyzer: 'shop_prefix', search_analyzer: 'shop_words' } as const;

export function indexMappings(rulesHash: string) {
  return {
    dynamic: false,
    _meta: { mappingVersion: MAPPING_VERSION, synonyms: rulesHash },
    properties: {
      id: { type: 'keyword' },
      slug: { type: 'keyword' },
      name: {
        ...text,
        copy_to: 'allText',
        fields: {
          prefix,
          /** The name as written, for ordering suggestions; folded, for one suggestion per name. */
          raw: { type: 'keyword' },
          folded: { type: 'keyword', normalizer: 'shop_fold' },
        },
      },
      description: { ...text, copy_to: 'allText' },
      brand: { type: 'keyword', copy_to: 'allText', fields: { text, prefix } },
      categoryId: { type: 'keyword' },
      categoryName: { ...text, copy_to: 'allText', fields: { keyword: { type: 'keyword' }, prefix } },
      price: { properties: { amount: { type: 'long' }, currency: { type: 'keyword' } } },
      availability: { type: 'object', enabled: false },
      inStock: { type: 'boolean' },
      popularity: { type: 'integer' },
      createdAt: { type: 'date' },
      image: { type: 'object', enabled: false },
      /** Kept for the result card only; filters and facets use attributePairs. */
      attributes: { type: 'object', enabled: false },
      /** `name<US>value` for every attribute value: exact filters and exact facet counts. */
      attributePairs: { type: 'keyword' },
      attributeValues: { ...text, copy_to: 'allText' },
      skus: { type: 'keyword', normalizer: 'shop_fold' },
      /** Every searchable word of the product: what each of a query's words must be found in. */
      allText: text,
    },
  };
}

export function indexSettings(rules: readonly string[], options: { bulkLoad: boolean }) {
  return {
    number_of_shards: 1,
    number_of_replicas: 0,
    refresh_interval: options.bulkLoad ? '-1' : '1s',
    max_ngram_diff: MAX_PREFIX,
    analysis: analysisSettings(rules),
  };
}

/** What the index stores per product: the document plus the fields derived for filters, facets and ranking. */
export function toIndexed(document: SearchDocument) {
  const pairs: string[] = [];
  const values: string[] = [];
  for (const [name, list] of Object.entries(document.attributes))
    for (const value of list) {
      pairs.push(`${name}${PAIR_SEPARATOR}${value}`);
      values.push(value);
    }
  return {
    ...document,
    attributePairs: pairs,
    attributeValues: values,
  };
}

/** The SearchDocument back from a stored `_source`, without the derived fields. */
export function fromIndexed(source: Record<string, unknown>): SearchDocument {
  const s = source as unknown as SearchDocument;
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    description: s.description,
    brand: s.brand,
    categoryId: s.categoryId,
    categoryName: s.categoryName,
    price: s.price,
    availability: s.availability,
    inStock: s.inStock,
    popularity: s.popularity,
    createdAt: s.createdAt,
    image: s.image ?? null,
    attributes: s.attributes ?? {},
    skus: s.skus ?? [],
  };
}
