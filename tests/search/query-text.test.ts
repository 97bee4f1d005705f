import { describe, expect, it } from 'vitest';
import { analyse, editDistance, fold, plainWords } from '../../adapters/search/text-analysis.js';
import { escapeHtml, highlight } from '../../domain/search/highlight.js';
import { planQuery, typoAllowance } from '../../domain/search/query-plan.js';

describe('query plan (shared by every engine)', () => {
  it('makes one clause per typed word, dropping stop words', () => {
    expect(planQuery('the black headphones', analyse)).toEqual([
      { typed: ['black'], typos: true, synonyms: [] },
      expect.objectContaining({ typed: ['headphon'], typos: false }),
    ]);
    expect(planQuery('  ', analyse)).toEqual([]);
    expect(planQuery('the and of', analyse)).toEqual([]);
  });

  it('turns a synonym entry, one word or a phrase, into one clause with the rest of its group', () => {
    const [running] = planQuery('running shoes', analyse);
    expect(running).toEqual({
      typed: ['run', 'shoe'],
      typos: false,
      synonyms: expect.arrayContaining([['sneaker'], ['trainer'], ['runner']]),
    });
    const [trainers] = planQuery('Trainers', analyse);
    expect(trainers!.synonyms).toContainEqual(['run', 'shoe']);
    expect(trainers!.synonyms).not.toContainEqual(['trainer']);
  });

  it('keeps the words around a phrase as their own clauses, and a repeated word once', () => {
    expect(planQuery('kestrel running shoes kestrel', analyse).map((c) => c.typed)).toEqual([
      ['kestrel'],
      ['run', 'shoe'],
    ]);
  });

  it('allows no typo up to 3 letters, one up to 6, two from 7', () => {
    expect(['tee', 'boot', 'jacket', 'hedphon'].map(typoAllowance)).toEqual([0, 1, 1, 2]);
  });
});

describe('embedded analyser', () => {
  it('folds case and accents, splits hyphens, drops possessives and stop words, stems', () => {
    expect(analyse("The Chef's Over-Ear HEADPHONES for Crème")).toEqual([
      'chef',
      'over',
      'ear',
      'headphon',
      'creme',
    ]);
    expect(analyse('boots candles knives t-shirts')).toEqual(['boot', 'candl', 'knive', 't', 'shirt']);
    expect(fold('Ñandú')).toBe('nandu');
    expect(plainWords("Chef's Kestrel-Pack")).toEqual(['chefs', 'kestrel', 'pack']);
  });

  it('counts an adjacent transposition as one edit and gives up past the limit', () => {
    expect(editDistance('headphon', 'haedphon', 2)).toBe(1);
    expect(editDistance('headfon', 'headphon', 2)).toBe(2);
    expect(editDistance('cast', 'last', 1)).toBe(1);
    expect(editDistance('sneaker', 'snake', 1)).toBe(-1);
    expect(editDistance('abc', 'abcdef', 2)).toBe(-1);
  });
});

describe('highlight (shared by every engine)', () => {
  const isMatch = (word: string) => word.toLowerCase() === 'kettle';

  it('marks matched words and escapes everything else', () => {
    expect(highlight('<b>Kettle</b> & "kettles" kettle\'s', isMatch)).toBe(
      '&lt;b&gt;<mark>Kettle</mark>&lt;/b&gt; &amp; &quot;kettles&quot; kettle&#39;s',
    );
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('is undefined when nothing matched', () => {
    expect(highlight('A teapot', isMatch)).toBeUndefined();
  });

  it('cuts a long text to a window around the first match, at word boundaries', () => {
    const text = `${'lorem ipsum '.repeat(40)}the kettle sings ${'dolor sit '.repeat(40)}`;
    const fragment = highlight(text, isMatch, 100)!;
    expect(fragment).toContain('<mark>kettle</mark>');
    expect(fragment.startsWith('…')).toBe(true);
    expect(fragment.endsWith('…')).toBe(true);
    expect(fragment.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(102);
    expect(fragment).toMatch(/^…[a-z]/);
  });
});
