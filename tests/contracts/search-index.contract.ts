import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../domain/catalog/product.js';
import {
  type DocumentSource,
  MAX_SEARCH_LIMIT,
  PRICE_BUCKETS,
  type SearchDocument,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
  toSearchDocument,
} from '../../domain/search/search.js';
import { newId } from '../../domain/shared/ids.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';

/** The demo catalog as the index sees it: every active product of `count`. */
export function demoDocuments(count: number): SearchDocument[] {
  const categories = new Map(demoCategories().map((c) => [c.id, c]));
  return [...demoProducts(count)]
    .map((product) => toSearchDocument(product, categories.get(product.categoryId)))
    .filter((document): document is SearchDocument => document !== null);
}

/** The demo category of that name. */
export function demoCategory(name: string) {
  const category = demoCategories().find((c) => c.name === name);
  if (!category) throw new Error(`no demo category ${name}`);
  return category;
}

/**
 * A document no demo product resembles: its own category and made-up words, so tests that add one see only it.
 * Remove it when done.
 */
export function contractDocument(overrides: Partial<SearchDocument> = {}): SearchDocument {
  const id = newId('prd');
  return {
    id,
    slug: `zephyrine-kettle-${id.slice(-6).toLowerCase()}`,
    name: 'Quillfeather Zephyrine Kettle',
    description: 'The Zephyrine kettle is made from copper and built to last.',
    brand: 'Quillfeather',
    categoryId: 'cat_01CONTRACT0000000000000000',
    categoryName: 'Contract Kettles',
    price: { amount: 4200, currency: 'USD' },
    availability: { status: 'in_stock', count: 10 },
    inStock: true,
    popularity: 100,
    createdAt: '2026-01-02T00:00:00.000Z',
    image: null,
    attributes: { finish: ['Copper'] },
    skus: [`SKU-${id.slice(-10)}-1`],
    ...overrides,
  };
}

const query = (overrides: Partial<SearchQuery>): SearchQuery => ({
  sort: 'relevance',
  page: 1,
  limit: MAX_SEARCH_LIMIT,
  ...overrides,
});

const countBy = <K>(items: readonly SearchDocument[], keys: (d: SearchDocument) => readonly K[]) => {
  const counts = new Map<K, number>();
  for (const item of items)
    for (const key of new Set(keys(item))) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};

/** Facet order: count descending, then value in code-unit order; zero counts never appear. */
const facet = (counts: Map<string, number>) =>
  [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

/** The facets a shopper must see for exactly these documents, computed the plain way. */
function expectedFacets(documents: readonly SearchDocument[]) {
  const names = [...new Set(documents.flatMap((d) => Object.keys(d.attributes)))].sort();
  return {
    category: facet(countBy(documents, (d) => [d.categoryId])),
    brand: facet(countBy(documents, (d) => [d.brand])),
    price: PRICE_BUCKETS.map((bucket) => ({
      ...bucket,
      count: documents.filter(
        (d) =>
          (bucket.from === null || d.price.amount >= bucket.from) &&
          (bucket.to === null || d.price.amount < bucket.to),
      ).length,
    })).filter((bucket) => bucket.count > 0),
    attributes: Object.fromEntries(
      names.map((name) => [name, facet(countBy(documents, (d) => d.attributes[name] ?? []))]),
    ),
  };
}

/**
 * The SearchIndex contract: every engine (embedded, OpenSearch) must pass it. `open` gives a fresh, empty index
 * of the engine under test. It asserts what a shopper notices (which products are found, counts, orders that are
 * defined, pages, highlights), never an engine's scores; where engines may legitimately differ (order among equally
 * good matches) it only asserts what must hold for any good engine. Writes must be visible to the next search once
 * their promise resolves.
 */
export function searchIndexContract(engine: string, open: () => Promise<SearchIndex>): void {
  describe(`SearchIndex contract: ${engine}`, () => {
    let index: SearchIndex;
    const documents = demoDocuments(480);
    const headphones = demoCategory('Headphones');
    const runningShoes = demoCategory('Running Shoes');
    const backpacks = demoCategory('Backpacks');

    /** Every result of a query, page after page (the whole demo catalog fits under the deepest page). */
    async function everything(q: Omit<SearchQuery, 'page' | 'limit'>): Promise<SearchDocument[]> {
      const found: SearchDocument[] = [];
      for (let page = 1; ; page++) {
        const result = await index.search({ ...q, page, limit: MAX_SEARCH_LIMIT });
        found.push(...result.items.map((hit) => hit.document));
        if (result.items.length < MAX_SEARCH_LIMIT || found.length >= result.total) break;
      }
      return found;
    }
    const ids = (items: readonly { id: string }[]) => items.map((d) => d.id).sort();
    const documentsOf = (result: SearchResult) => result.items.map((hit) => hit.document);

    beforeAll(async () => {
      index = await open();
      await index.upsert(documents);
    }, 120_000);
    afterAll(() => index?.close());

    it('is ready once open', async () => {
      expect(await index.ready()).toBe(true);
    });

    it('finds products by a word of their name', async () => {
      const result = await index.search({ text: 'skillet', sort: 'relevance', page: 1, limit: 10 });
      expect(result.total).toBeGreaterThan(0);
      expect(result.items[0]!.document.name).toMatch(/Skillet/);
    });

    describe('matching what the shopper meant', () => {
      it.each([
        ['hedphones', 'one letter missing'],
        ['headphnes', 'one letter missing inside'],
        ['headfones', 'two letters wrong'],
        ['haedphones', 'two letters swapped'],
      ])('a typo finds the word: "%s" (%s) shows headphones first', async (text) => {
        const result = await index.search(query({ text, limit: 10 }));
        expect(result.total).toBeGreaterThan(0);
        expect(documentsOf(result).every((d) => d.categoryId === headphones.id)).toBe(true);
      });

      it('a typo in a shorter word finds it too: "skilet" finds the skillets, "bakcpack" the backpacks', async () => {
        const skillets = await index.search(query({ text: 'skilet', limit: 5 }));
        expect(skillets.items[0]?.document.name).toMatch(/Skillet/);
        const packs = await index.search(query({ text: 'bakcpack', limit: 5 }));
        expect(packs.total).toBeGreaterThan(0);
        expect(documentsOf(packs).every((d) => d.categoryId === backpacks.id)).toBe(true);
      });

      it('a real word is taken as meant: "black" finds black things, never Blank notebooks or Block sets', async () => {
        const hasBlack = (d: SearchDocument) =>
          /\bblack\b/i.test([d.name, d.description, ...Object.values(d.attributes).flat()].join(' '));
        const found = await everything({ text: 'black', sort: 'relevance' });
        expect(ids(found)).toEqual(ids(documents.filter(hasBlack)));
        const sneakers = await everything({ text: 'sneakers', sort: 'relevance' });
        expect(sneakers.some((d) => /Snake/.test(d.name))).toBe(false);
      });

      it('stemming: a plural finds the singular and the other way round', async () => {
        const boots = await index.search(query({ text: 'boots', limit: 10 }));
        expect(boots.total).toBeGreaterThan(0);
        expect(boots.items[0]!.document.name).toMatch(/\bBoot\b/);
        const candles = await index.search(query({ text: 'candles', limit: 10 }));
        expect(documentsOf(candles).every((d) => /\bCandle\b/.test(d.name))).toBe(true);
        const headphone = await index.search(query({ text: 'headphone', limit: 10 }));
        expect(documentsOf(headphone).every((d) => d.categoryId === headphones.id)).toBe(true);
        expect(headphone.total).toBe(documents.filter((d) => d.categoryId === headphones.id).length);
      });

      it('synonyms: "earbuds" finds every headphone, earbuds first; "cans" finds headphones too', async () => {
        const all = documents.filter((d) => d.categoryId === headphones.id);
        const earbuds = await everything({ text: 'earbuds', sort: 'relevance' });
        expect(ids(earbuds)).toEqual(ids(all));
        const named = all.filter((d) => /Earbuds/.test(d.name)).length;
        expect(named).toBeGreaterThan(0);
        expect(earbuds.slice(0, named).every((d) => /Earbuds/.test(d.name))).toBe(true);
        const cans = await index.search(query({ text: 'cans', limit: 10 }));
        expect(cans.total).toBe(all.length);
      });

      it('synonyms: "trainers" and "sneakers" find every running shoe, "running shoes" finds the trainers', async () => {
        const all = documents.filter((d) => d.categoryId === runningShoes.id);
        expect(ids(await everything({ text: 'trainers', sort: 'relevance' }))).toEqual(ids(all));
        expect(ids(await everything({ text: 'sneakers', sort: 'relevance' }))).toEqual(ids(all));
        const trainers = all.filter((d) => /Trainer/.test(d.name));
        const found = await everything({ text: 'running shoes', sort: 'relevance' });
        expect(ids(found)).toEqual(ids(all));
        expect(ids(found).filter((id) => trainers.some((t) => t.id === id))).toHaveLength(trainers.length);
      });

      it('every word counts: "black headphones" are headphones in black, not black backpacks', async () => {
        const found = await everything({ text: 'black headphones', sort: 'relevance' });
        const expected = documents.filter(
          (d) => d.categoryId === headphones.id && d.attributes.color?.includes('Black'),
        );
        expect(ids(found)).toEqual(ids(expected));
      });

      it('brand + type: "<brand> backpack" shows the brand\'s backpacks first and only that brand', async () => {
        const packs = documents.filter((d) => d.categoryId === backpacks.id);
        const [brand] = [...countBy(packs, (d) => [d.brand])].sort(
          (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
        )[0]!;
        const brandPacks = packs.filter((d) => d.brand === brand);
        expect(brandPacks.length).toBeGreaterThan(1);
        const result = await index.search(query({ text: `${brand.toLowerCase()} backpack`, limit: 10 }));
        expect(documentsOf(result).every((d) => d.brand === brand)).toBe(true);
        expect(ids(documentsOf(result).slice(0, brandPacks.length))).toEqual(ids(brandPacks));
      });

      it('a word no product has does not empty the page: the other words still find products', async () => {
        const result = await index.search(query({ text: 'headphones zqxvbnm' }));
        expect(result.total).toBeGreaterThan(0);
        expect(documentsOf(result).every((d) => d.categoryId === headphones.id)).toBe(true);
        expect((await index.search(query({ text: 'zqxvbnm' }))).total).toBe(0);
      });

      it('an attribute value is searchable: "merino" finds exactly the merino products', async () => {
        const found = await everything({ text: 'merino', sort: 'relevance' });
        expect(ids(found)).toEqual(
          ids(documents.filter((d) => d.attributes.material?.includes('merino wool'))),
        );
      });

      it('case and accents do not matter', async () => {
        const plain = await index.search(query({ text: 'skillet' }));
        const shouted = await index.search(query({ text: 'SKÍLLET' }));
        expect(ids(documentsOf(shouted))).toEqual(ids(documentsOf(plain)));
      });
    });

    describe('filters and facets', () => {
      it('empty text with filters browses: every product of the category, nothing else', async () => {
        const expected = documents.filter((d) => d.categoryId === headphones.id);
        expect(ids(await everything({ text: '', categoryId: headphones.id, sort: 'newest' }))).toEqual(
          ids(expected),
        );
        const noText = await index.search(query({ categoryId: headphones.id }));
        expect(noText.total).toBe(expected.length);
      });

      it('facet counts are exact over the whole filtered result, zero counts left out, in facet order', async () => {
        const expected = documents.filter((d) => d.categoryId === headphones.id);
        const result = await index.search(query({ categoryId: headphones.id, limit: 5 }));
        expect(result.facets).toEqual(expectedFacets(expected));
      });

      it('facets of a text query count what the text and every filter match', async () => {
        const q = { text: 'black headphones', brands: ['Kestrel', 'Lumen', 'Basalt', 'Marlow'] };
        const expected = documents.filter(
          (d) =>
            d.categoryId === headphones.id &&
            d.attributes.color?.includes('Black') &&
            q.brands.includes(d.brand),
        );
        const result = await index.search(query({ ...q, limit: 3 }));
        expect(result.total).toBe(expected.length);
        expect(result.facets).toEqual(expectedFacets(expected));
      });

      it('facets of the whole catalog are exact', async () => {
        const result = await index.search(query({ text: '', limit: 1 }));
        expect(result.total).toBe(documents.length);
        expect(result.facets).toEqual(expectedFacets(documents));
      });

      it('price range is inclusive at both ends, in minor units', async () => {
        const price = documents[7]!.price.amount;
        const exact = await everything({ text: '', minPrice: price, maxPrice: price, sort: 'price_asc' });
        expect(ids(exact)).toEqual(ids(documents.filter((d) => d.price.amount === price)));
        const range = await everything({ text: '', minPrice: 5000, maxPrice: 9999, sort: 'price_asc' });
        expect(ids(range)).toEqual(
          ids(documents.filter((d) => d.price.amount >= 5000 && d.price.amount <= 9999)),
        );
        const result = await index.search(query({ minPrice: 5000, maxPrice: 9999 }));
        expect(result.facets.price).toEqual([{ from: 5000, to: 10000, count: range.length }]);
      });

      it('in stock only: every in-stock product, no sold-out one; false does not filter', async () => {
        const soldOut = documents.filter((d) => !d.inStock);
        expect(soldOut.length).toBeGreaterThan(0);
        const inStock = await index.search(query({ inStock: true, limit: 1 }));
        expect(inStock.total).toBe(documents.length - soldOut.length);
        const found = await everything({ text: '', inStock: true, sort: 'newest' });
        expect(found.some((d) => !d.inStock)).toBe(false);
        expect((await index.search(query({ inStock: false, limit: 1 }))).total).toBe(documents.length);
      });

      it('attributes: any of the values of one name, every name', async () => {
        const black = await everything({ text: '', attributes: { color: ['Black'] }, sort: 'newest' });
        expect(ids(black)).toEqual(ids(documents.filter((d) => d.attributes.color?.includes('Black'))));
        const either = await everything({
          text: '',
          attributes: { color: ['Silver', 'Sage'] },
          sort: 'newest',
        });
        expect(ids(either)).toEqual(
          ids(
            documents.filter((d) => d.attributes.color?.some((color) => ['Silver', 'Sage'].includes(color))),
          ),
        );
        const both = await everything({
          text: '',
          attributes: { color: ['Black'], material: ['merino wool'] },
          sort: 'newest',
        });
        expect(ids(both)).toEqual(
          ids(
            documents.filter(
              (d) => d.attributes.color?.includes('Black') && d.attributes.material?.includes('merino wool'),
            ),
          ),
        );
      });

      it('brands: any of them, exactly as written', async () => {
        const found = await everything({ text: '', brands: ['Alder & Co', 'Kestrel'], sort: 'newest' });
        expect(ids(found)).toEqual(ids(documents.filter((d) => ['Alder & Co', 'Kestrel'].includes(d.brand))));
        expect(found.length).toBeGreaterThan(0);
      });
    });

    describe('orders and pages', () => {
      const sortKey: Record<Exclude<SearchSort, 'relevance'>, (d: SearchDocument) => number> = {
        price_asc: (d) => d.price.amount,
        price_desc: (d) => -d.price.amount,
        newest: (d) => -Date.parse(d.createdAt),
      };

      it.each(['price_asc', 'price_desc', 'newest'] as const)(
        'sort %s orders every result, ties by id',
        async (sort) => {
          const found = await everything({ text: '', sort });
          expect(found).toHaveLength(documents.length);
          for (let i = 1; i < found.length; i++) {
            const [a, b] = [found[i - 1]!, found[i]!];
            const order = sortKey[sort](a) - sortKey[sort](b);
            expect(order < 0 || (order === 0 && a.id < b.id), `${a.id} before ${b.id}`).toBe(true);
          }
          const withText = await everything({ text: 'headphones', sort });
          for (let i = 1; i < withText.length; i++)
            expect(sortKey[sort](withText[i - 1]!)).toBeLessThanOrEqual(sortKey[sort](withText[i]!));
        },
      );

      it('relevance without text: in stock first, then the most popular', async () => {
        const found = await everything({ text: '', categoryId: headphones.id, sort: 'relevance' });
        const firstSoldOut = found.findIndex((d) => !d.inStock);
        if (firstSoldOut >= 0) expect(found.slice(firstSoldOut).every((d) => !d.inStock)).toBe(true);
        const inStock = found.filter((d) => d.inStock);
        for (let i = 1; i < inStock.length; i++)
          expect(inStock[i - 1]!.popularity).toBeGreaterThanOrEqual(inStock[i]!.popularity);
      });

      it('relevance: among equal matches the more popular first, and in stock above sold out', async () => {
        const popular = contractDocument({ popularity: 5000 });
        const plain = contractDocument({ popularity: 10 });
        const soldOut = contractDocument({
          popularity: 9999,
          inStock: false,
          availability: { status: 'sold_out', count: 0 },
        });
        await index.upsert([plain, soldOut, popular]);
        try {
          const result = await index.search(query({ text: 'zephyrine kettle' }));
          expect(documentsOf(result).map((d) => d.id)).toEqual([popular.id, plain.id, soldOut.id]);
        } finally {
          await index.remove([popular.id, plain.id, soldOut.id]);
        }
      });

      it.each(['relevance', 'price_asc', 'newest'] as const)(
        'pages (%s) are stable: no duplicates, nothing missing, the same total on every page',
        async (sort) => {
          const q = { text: 'headphones', sort, limit: 7 } as const;
          const first = await index.search({ ...q, page: 1 });
          expect(first.total).toBeGreaterThan(14);
          const seen: string[] = [];
          for (let page = 1; (page - 1) * q.limit < first.total; page++) {
            const result = await index.search({ ...q, page });
            expect(result.total).toBe(first.total);
            expect(result.items.length).toBe(Math.min(q.limit, first.total - (page - 1) * q.limit));
            seen.push(...result.items.map((hit) => hit.document.id));
          }
          expect(new Set(seen).size).toBe(first.total);
          const again = await index.search({ ...q, page: 2 });
          expect(again.items.map((hit) => hit.document.id)).toEqual(seen.slice(7, 14));
        },
      );

      it('a page past the last is empty but still counts the total', async () => {
        const result = await index.search(query({ categoryId: headphones.id, page: 5, limit: 48 }));
        expect(result.items).toEqual([]);
        expect(result.total).toBe(documents.filter((d) => d.categoryId === headphones.id).length);
      });
    });

    describe('highlights', () => {
      it('wrap the matched word in <mark> and escape the rest', async () => {
        const tricky = contractDocument({
          name: 'Quillfeather <b>Zephyrine</b> Kettle & "Co"',
          description: 'A kettle <script>alert(1)</script> for Zephyrine tea & more.',
        });
        await index.upsert([tricky]);
        try {
          const [hit] = (await index.search(query({ text: 'zephyrine' }))).items;
          expect(hit?.document.id).toBe(tricky.id);
          const { name, description } = hit!.highlights;
          expect(name).toContain('<mark>Zephyrine</mark>');
          expect(name).toContain('&lt;b&gt;');
          expect(name).toContain('&amp;');
          expect(name).not.toMatch(/<(?!\/?mark>)/);
          expect(description).toContain('<mark>Zephyrine</mark>');
          expect(description).not.toContain('<script>');
          expect(description).toContain('&lt;script&gt;');
          expect(description).not.toMatch(/<(?!\/?mark>)/);
        } finally {
          await index.remove([tricky.id]);
        }
      });

      it('mark the word as written when a stem, a typo or a synonym matched it; leave out a field with no match', async () => {
        const stemmed = await index.search(query({ text: 'candles', limit: 3 }));
        expect(stemmed.items[0]!.highlights.name).toMatch(/<mark>Candle<\/mark>/);
        const typo = await index.search(query({ text: 'skilet', limit: 3 }));
        expect(typo.items[0]!.highlights.name).toMatch(/<mark>Skillet<\/mark>/);
        const synonym = await index.search(query({ text: 'trainers', categoryId: runningShoes.id }));
        const racer = synonym.items.find((hit) => /Racer/.test(hit.document.name));
        expect(racer?.highlights.description).toMatch(/<mark>[^<]*\brunning\b[^<]*<\/mark>/i);
        expect(racer?.highlights.description).toMatch(/<mark>[^<]*\bshoes\b[^<]*<\/mark>/i);
        const brandOnly = contractDocument({ description: 'Copper, built to last.' });
        await index.upsert([brandOnly]);
        try {
          const [hit] = (await index.search(query({ text: 'quillfeather' }))).items;
          expect(hit?.document.id).toBe(brandOnly.id);
          expect(hit!.highlights.name).toContain('<mark>Quillfeather</mark>');
          expect(hit!.highlights.description).toBeUndefined();
        } finally {
          await index.remove([brandOnly.id]);
        }
      });

      it('are empty when browsing without text', async () => {
        const result = await index.search(query({ categoryId: headphones.id, limit: 3 }));
        expect(result.items.every((hit) => Object.keys(hit.highlights).length === 0)).toBe(true);
      });
    });

    describe('suggestions', () => {
      it('"hea" completes to headphone names, then the Headphones category', async () => {
        const suggestions = await index.suggest('hea', 10);
        expect(suggestions.length).toBeGreaterThan(0);
        expect(suggestions.length).toBeLessThanOrEqual(10);
        expect(suggestions.every((s) => /\bhea/i.test(s.text))).toBe(true);
        expect(suggestions.some((s) => /Headphones/.test(s.text) && s.slug)).toBe(true);
        expect(suggestions).toContainEqual({ text: 'Headphones' });
        const products = suggestions.filter((s) => s.slug);
        expect(suggestions.slice(0, products.length)).toEqual(products);
        for (const s of products) expect(documents.find((d) => d.slug === s.slug)?.name).toBe(s.text);
        expect(new Set(suggestions.map((s) => s.text.toLowerCase())).size).toBe(suggestions.length);
      });

      it('every typed word must start a word of the suggestion; at most the limit', async () => {
        const suggestions = await index.suggest('Kestrel Da', 5);
        expect(suggestions.length).toBeGreaterThan(0);
        expect(suggestions.length).toBeLessThanOrEqual(5);
        for (const s of suggestions) {
          expect(s.text).toMatch(/\bKestrel\b/);
          expect(s.text).toMatch(/\bDa/);
        }
      });

      it('an empty prefix suggests nothing', async () => {
        expect(await index.suggest('', 10)).toEqual([]);
        expect(await index.suggest('   ', 10)).toEqual([]);
      });
    });

    describe('keeping up with the catalog', () => {
      it('a removed product disappears; removing an unknown id is ignored', async () => {
        const kettle = contractDocument();
        await index.upsert([kettle]);
        expect(ids(documentsOf(await index.search(query({ text: 'zephyrine' }))))).toEqual([kettle.id]);
        await index.remove([kettle.id, 'prd_01UNKNOWN0000000000000000']);
        expect((await index.search(query({ text: 'zephyrine' }))).total).toBe(0);
        expect((await index.search(query({ categoryId: kettle.categoryId }))).total).toBe(0);
      });

      it('an archived product disappears (no document for it: the caller removes it); a SKU finds a product', async () => {
        const product: Product = [...demoProducts(480)].find((p) => p.status === 'active')!;
        const category = demoCategories().find((c) => c.id === product.categoryId);
        const sku = product.variants[0]!.sku;
        const before = await index.search(query({ text: sku }));
        expect(before.items[0]?.document.id).toBe(product.id);
        expect(toSearchDocument({ ...product, status: 'archived' }, category)).toBeNull();
        await index.remove([product.id]);
        try {
          const after = await index.search(query({ text: sku }));
          expect(after.items.some((hit) => hit.document.id === product.id)).toBe(false);
          const browse = await everything({ text: '', categoryId: product.categoryId, sort: 'newest' });
          expect(browse.some((d) => d.id === product.id)).toBe(false);
        } finally {
          await index.upsert([toSearchDocument(product, category)!]);
        }
      });

      it('an updated price is found at the new price, in its new bucket, and only there', async () => {
        const kettle = contractDocument({ price: { amount: 1999, currency: 'USD' } });
        await index.upsert([kettle]);
        try {
          const cheap = await index.search(query({ text: 'zephyrine', maxPrice: 2499 }));
          expect(ids(documentsOf(cheap))).toEqual([kettle.id]);
          expect(cheap.facets.price).toEqual([{ from: null, to: 2500, count: 1 }]);
          await index.upsert([{ ...kettle, price: { amount: 25000, currency: 'USD' } }]);
          expect((await index.search(query({ text: 'zephyrine', maxPrice: 2499 }))).total).toBe(0);
          const dear = await index.search(query({ text: 'zephyrine', minPrice: 25000, maxPrice: 25000 }));
          expect(ids(documentsOf(dear))).toEqual([kettle.id]);
          expect(dear.items[0]!.document.price.amount).toBe(25000);
          expect(dear.facets.price).toEqual([{ from: 20000, to: 50000, count: 1 }]);
          expect((await index.search(query({ text: 'zephyrine' }))).total).toBe(1);
        } finally {
          await index.remove([kettle.id]);
        }
      });

      it('an updated name is found by its new words, not its old ones', async () => {
        const kettle = contractDocument();
        await index.upsert([kettle]);
        try {
          await index.upsert([{ ...kettle, name: 'Quillfeather Marzipane Teapot' }]);
          expect(ids(documentsOf(await index.search(query({ text: 'marzipane teapot' }))))).toEqual([
            kettle.id,
          ]);
          expect((await index.search(query({ text: 'zephyrine kettle' }))).total).toBe(1); // description
          await index.upsert([{ ...kettle, name: 'Quillfeather Marzipane Teapot', description: 'Copper.' }]);
          expect((await index.search(query({ text: 'zephyrine' }))).total).toBe(0);
        } finally {
          await index.remove([kettle.id]);
        }
      });

      it('reindex replaces the content, answering from the old content until it switches; writes meanwhile are kept', async () => {
        const onlyOld = documents[0]!;
        const onlyNew = contractDocument({
          name: 'Quillfeather Orrery Lamp',
          description: 'An orrery lamp.',
        });
        const writtenDuring = contractDocument({ name: 'Quillfeather Tambourine', description: 'Brass.' });
        const next = [...documents.slice(1), onlyNew];
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        let started!: () => void;
        const halfway = new Promise<void>((resolve) => {
          started = resolve;
        });
        const source: DocumentSource = (async function* () {
          yield next.slice(0, 200);
          started();
          await gate;
          yield next.slice(200);
        })();
        const progress: number[] = [];
        const reindexed = index.reindex(source, (indexed) => progress.push(indexed));
        await halfway;
        const during = await index.search(query({ text: onlyOld.skus[0]! }));
        expect(during.items[0]?.document.id).toBe(onlyOld.id);
        expect((await index.search(query({ text: 'orrery' }))).total).toBe(0);
        expect((await index.search(query({ limit: 1 }))).total).toBe(documents.length);
        await index.upsert([writtenDuring]);
        release();
        expect(await reindexed).toEqual({ indexed: next.length });
        expect(progress.at(-1)).toBe(next.length);
        expect(ids(documentsOf(await index.search(query({ text: 'orrery' }))))).toEqual([onlyNew.id]);
        expect(ids(documentsOf(await index.search(query({ text: 'tambourine' }))))).toEqual([
          writtenDuring.id,
        ]);
        const old = await index.search(query({ text: onlyOld.skus[0]! }));
        expect(old.items.some((hit) => hit.document.id === onlyOld.id)).toBe(false);
        expect((await index.search(query({ limit: 1 }))).total).toBe(next.length + 1);
        await index.remove([onlyNew.id, writtenDuring.id]);
        await index.upsert([onlyOld]);
        expect((await index.search(query({ limit: 1 }))).total).toBe(documents.length);
      });
    });
  });
}
