import { tokenizer } from '@orama/orama/components';
import { WORD_PATTERN } from '../../domain/search/highlight.js';

/**
 * The analyser of the embedded engine, written to agree with OpenSearch's `english` analyser: accents folded,
 * lower case, words of letters and digits (hyphens split, inner apostrophes kept), English possessives dropped,
 * Lucene's English stop words dropped, Porter stemming (Orama's English stemmer is Porter's, as Lucene's
 * PorterStemFilter is).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'for',
  'if',
  'in',
  'into',
  'is',
  'it',
  'no',
  'not',
  'of',
  'on',
  'or',
  'such',
  'that',
  'the',
  'their',
  'then',
  'there',
  'these',
  'they',
  'this',
  'to',
  'was',
  'will',
  'with',
]);

const stem = tokenizer.createTokenizer({ language: 'english', stemming: true, stopWords: false }).stemmer!;
const MAX_CACHED = 50_000;
const analysed = new Map<string, string | null>();

/** Lower case with accents folded: what case- and accent-blind comparisons use. */
export const fold = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** The words of a text as typed (folded, not stemmed): what suggestions match prefixes against. */
export function plainWords(text: string): string[] {
  return [...fold(text).matchAll(WORD_PATTERN)].map((match) => match[0].replace(/['’]/g, ''));
}

/** One word as the index holds it, or null for a stop word. */
export function analyseWord(word: string): string | null {
  const cached = analysed.get(word);
  if (cached !== undefined) return cached;
  const plain = fold(word)
    .replace(/['’]s$/, '')
    .replace(/['’]/g, '');
  const term =
    plain === '' || STOP_WORDS.has(plain) ? null : /^[a-z]+$/.test(plain) ? stem(plain) || plain : plain;
  if (analysed.size >= MAX_CACHED) analysed.clear();
  analysed.set(word, term);
  return term;
}

/** Every indexed term of a text, in order (repeats kept). */
export function analyse(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(WORD_PATTERN)) {
    const term = analyseWord(match[0]);
    if (term) terms.push(term);
  }
  return terms;
}

/**
 * Restricted Damerau-Levenshtein distance (an adjacent transposition is one edit) when it is at most `max`, else
 * -1. Strings are compared by UTF-16 code unit; analysed terms are folded to ASCII letters and digits in practice.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return -1;
  const width = b.length + 1;
  let previous2 = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previous2[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return -1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  const distance = previous[b.length]!;
  return distance <= max ? distance : -1;
}
