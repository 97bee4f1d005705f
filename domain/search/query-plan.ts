import { SYNONYMS } from './synonyms.js';

/**
 * How every engine reads a shopper's text, so that they find the same products. The engine brings its analyser
 * (lower case, accents folded, split on anything but letters and digits, English possessives and stop words
 * dropped, Porter stemming: OpenSearch's `english` analyser); this module decides what must match.
 *
 * - Each word the shopper typed is one clause, and every clause must match (AND) in some field: `black headphones`
 *   is black things that are headphones. When no product matches every clause, products matching any clause are
 *   returned instead, those matching more (and better) first: a query never dead-ends on one unknown word.
 * - A typed word that neither the index (as analysed) nor the synonyms list knows is taken as a typo: it matches
 *   the indexed words within `typoAllowance` edits of it that start with the same letter (adjacent transpositions
 *   count as one edit; OpenSearch `fuzziness: "AUTO:4,7"`, `prefix_length: 1`, `fuzzy_transpositions: true`, or
 *   the term suggester's corrections with `suggest_mode: missing`), closer ones scoring higher. A word the index or
 *   the synonyms know is taken as meant: `hedphones` finds headphones, but `black` never shows Blank notebooks or
 *   Block sets, `sneakers` never a Snake Plant, `cast` never "built to last".
 * - A run of typed words that is an entry of the synonyms list becomes one clause, matched by that entry (with
 *   typos) or by any other entry of its group (exactly, every word of a multi-word entry, in any field, scored
 *   below the typed words, each typed word a product also holds still counting a little): `trainers` finds
 *   running shoes, `running shoes` finds trainers, `fitness tracker` shows a Fitness Band before a Smartwatch.
 */
export interface QueryClause {
  /** The analysed words as typed: all must match. */
  typed: readonly string[];
  /** Whether a typed word the index does not hold may match by typo: not for words the synonyms list knows. */
  typos: boolean;
  /** Other ways to say the same thing (from SYNONYMS), analysed; each alternative matches when all its words do. */
  synonyms: readonly (readonly string[])[];
}

export type Analyzer = (text: string) => string[];

/**
 * Edits a typed word (as analysed) may be away from an indexed word and still match it: none up to 3 letters,
 * one up to 6, two from 7 on. `hedphones` (stem `hedphon`, 7 letters) finds `headphon`.
 */
export function typoAllowance(term: string): 0 | 1 | 2 {
  const length = [...term].length;
  return length <= 3 ? 0 : length <= 6 ? 1 : 2;
}
/** The same rule in OpenSearch's words. */
export const OPENSEARCH_FUZZINESS = 'AUTO:4,7';
/** Letters at the start of a word that a typo match must have right (OpenSearch `prefix_length`). */
export const TYPO_PREFIX_LENGTH = 1;

/** Relative weight of a match through a synonym rather than the typed word itself. */
export const SYNONYM_WEIGHT = 0.6;

interface SynonymTable {
  /** Every entry, analysed, longest first, with the groups it belongs to. */
  entries: { tokens: string[]; groups: number[] }[];
  groups: string[][][];
}

const tables = new WeakMap<Analyzer, WeakMap<readonly (readonly string[])[], SynonymTable>>();

function synonymTable(analyze: Analyzer, synonyms: readonly (readonly string[])[]): SynonymTable {
  let byList = tables.get(analyze);
  if (!byList) {
    byList = new WeakMap();
    tables.set(analyze, byList);
  }
  const cached = byList.get(synonyms);
  if (cached) return cached;
  const groups = synonyms.map((group) => dedupe(group.map(analyze).filter((tokens) => tokens.length > 0)));
  const entries = new Map<string, { tokens: string[]; groups: number[] }>();
  groups.forEach((group, index) => {
    for (const tokens of group) {
      const key = tokens.join(' ');
      const entry = entries.get(key) ?? { tokens, groups: [] };
      entry.groups.push(index);
      entries.set(key, entry);
    }
  });
  const table = {
    groups,
    entries: [...entries.values()].sort((a, b) => b.tokens.length - a.tokens.length),
  };
  byList.set(synonyms, table);
  return table;
}

function dedupe(alternatives: string[][]): string[][] {
  const seen = new Set<string>();
  return alternatives.filter((tokens) => {
    const key = tokens.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The clauses of a query text; none when it has no searchable word (empty, punctuation, only stop words). */
export function planQuery(
  text: string,
  analyze: Analyzer,
  synonyms: readonly (readonly string[])[] = SYNONYMS,
): QueryClause[] {
  const tokens = analyze(text);
  const table = synonymTable(analyze, synonyms);
  const clauses: QueryClause[] = [];
  const seen = new Set<string>();
  let position = 0;
  while (position < tokens.length) {
    const entry = table.entries.find((candidate) =>
      candidate.tokens.every((token, offset) => tokens[position + offset] === token),
    );
    const typed = entry ? entry.tokens : [tokens[position]!];
    const key = typed.join(' ');
    position += typed.length;
    if (seen.has(key)) continue;
    seen.add(key);
    const others = entry
      ? dedupe(entry.groups.flatMap((group) => table.groups[group]!)).filter(
          (alternative) => alternative.join(' ') !== key,
        )
      : [];
    clauses.push({ typed, typos: entry === undefined, synonyms: others });
  }
  return clauses;
}
