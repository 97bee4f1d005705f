import { describe, expect, it } from 'vitest';
import type { CatalogRepository } from '../../domain/catalog/catalog.repository.port.js';
import { compareForSort, PRODUCT_SORTS } from '../../domain/catalog/listing.js';
import { assembleProduct, type Product, summarize } from '../../domain/catalog/product.js';
import { isDomainError } from '../../domain/shared/errors.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';

export interface CatalogRepositoryFixture {
  repository: CatalogRepository;
  close(): Promise<void>;
}

async function listAll(
  repository: CatalogRepository,
  query: Parameters<CatalogRepository['listProducts']>[0],
) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await repository.listProducts({ ...query, cursor });
    expect(page.items.length).toBeLessThanOrEqual(query.limit);
    seen.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return seen;
    expect(page.items).toHaveLength(query.limit);
    cursor = page.nextCursor;
  }
  throw new Error('listing never ended');
}

const expectBadCursor = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDomainError(error) && error.code).toBe('PAGINATION.BAD_CURSOR');
};

/** Every CatalogRepository adapter must behave like this. */
export function catalogRepositoryContract(name: string, create: () => Promise<CatalogRepositoryFixture>) {
  describe(`CatalogRepository contract: ${name}`, () => {
    const products = [...demoProducts(150, 9)];
    const categories = demoCategories();
    const active = products.filter((p) => p.status === 'active');
    const withFixture = (test: (repository: CatalogRepository) => Promise<void>) => async () => {
      const fixture = await create();
      try {
        await fixture.repository.saveCategories(categories);
        await fixture.repository.saveProducts(products);
        await test(fixture.repository);
      } finally {
        await fixture.close();
      }
    };

    it(
      'reads a product back by id and by slug, and answers null for unknown ones',
      withFixture(async (repository) => {
        const product = products[3]!;
        expect(await repository.getProductById(product.id)).toEqual(product);
        expect(await repository.getProductBySlug(product.slug)).toEqual(product);
        expect(await repository.getProductById('prd_01JZZZZZZZZZZZZZZZZZZZZZZZ')).toBeNull();
        expect(await repository.getProductBySlug('no-such-thing')).toBeNull();
      }),
    );

    it(
      'pages through every sort order of a category and of the whole catalog without gaps or repeats',
      withFixture(async (repository) => {
        const category = categories[2]!;
        for (const sort of PRODUCT_SORTS) {
          for (const categoryId of [category.id, undefined]) {
            const expected = active
              .filter((p) => !categoryId || p.categoryId === categoryId)
              .map(summarize)
              .sort(compareForSort(sort))
              .map((p) => p.id);
            expect(
              await listAll(repository, { categoryId, sort, limit: 4 }),
              `${sort} ${categoryId}`,
            ).toEqual(expected);
          }
        }
      }),
    );

    it(
      'lists only active products and shows a summary per item',
      withFixture(async (repository) => {
        const drafts = new Set(products.filter((p) => p.status !== 'active').map((p) => p.id));
        const page = await repository.listProducts({ sort: 'newest', limit: 100 });
        expect(page.items.some((item) => drafts.has(item.id))).toBe(false);
        const first = page.items[0]!;
        const full = products.find((p) => p.id === first.id)!;
        expect(first).toEqual(summarize(full));
      }),
    );

    it(
      'moves a product in price order when its price changes',
      withFixture(async (repository) => {
        const target = active.find((p) => p.categoryId === categories[0]!.id)!;
        const cheapest: Product = assembleProduct({
          ...target,
          variants: target.variants.map((v) => ({ ...v, price: { ...v.price, amount: 1 } })),
        });
        await repository.saveProducts([cheapest]);
        const page = await repository.listProducts({
          categoryId: categories[0]!.id,
          sort: 'price_asc',
          limit: 1,
        });
        expect(page.items[0]?.id).toBe(target.id);
        expect(page.items[0]?.price.amount).toBe(1);
        const all = await listAll(repository, { categoryId: categories[0]!.id, sort: 'price_asc', limit: 5 });
        expect(all.filter((id) => id === target.id)).toHaveLength(1);
      }),
    );

    it(
      'refuses a cursor from another listing, an altered cursor and garbage',
      withFixture(async (repository) => {
        const page = await repository.listProducts({ sort: 'newest', limit: 2 });
        const cursor = page.nextCursor!;
        await expectBadCursor(repository.listProducts({ sort: 'price_asc', limit: 2, cursor }));
        await expectBadCursor(
          repository.listProducts({ categoryId: categories[1]!.id, sort: 'newest', limit: 2, cursor }),
        );
        const altered = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
        await expectBadCursor(repository.listProducts({ sort: 'newest', limit: 2, cursor: altered }));
        await expectBadCursor(repository.listProducts({ sort: 'newest', limit: 2, cursor: 'not-a-cursor' }));
      }),
    );

    it(
      'lists categories by name',
      withFixture(async (repository) => {
        const listed = await repository.listCategories();
        expect(listed.map((c) => c.name)).toEqual(
          categories.map((c) => c.name).sort((a, b) => a.localeCompare(b)),
        );
      }),
    );

    it('counts the active products and pages through every product for a rebuild', async () => {
      const fixture = await create();
      try {
        const products = [...demoProducts(90, 11)];
        await fixture.repository.saveProducts(products);
        expect(await fixture.repository.countActiveProducts()).toBe(
          products.filter((p) => p.status === 'active').length,
        );
        const seen: string[] = [];
        for await (const page of fixture.repository.allProducts(25)) seen.push(...page.map((p) => p.id));
        expect(seen.sort()).toEqual(products.map((p) => p.id).sort());
      } finally {
        await fixture.close();
      }
    });
  });
}
