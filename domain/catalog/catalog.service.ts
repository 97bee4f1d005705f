import type { CacheAside } from '../shared/cache-aside.js';
import { notFound } from '../shared/errors.js';
import { AVAILABILITY_FRESHNESS } from './availability.js';
import type { CatalogRepository } from './catalog.repository.port.js';
import type { ListProductsQuery, Page } from './listing.js';
import type { Category, Product, ProductSummary } from './product.js';

export interface CatalogCachePolicy {
  productTtlSeconds: number;
  listingTtlSeconds: number;
  /** Unknown slugs are cached briefly so a flood of 404s does not reach the database. */
  missingTtlSeconds: number;
  /** Categories carry no availability and change rarely (a write invalidates them). */
  categoriesTtlSeconds: number;
}

/** Products and listing pages carry availability, so they live no longer than its freshness budget allows. */
export const DEFAULT_CACHE_POLICY: CatalogCachePolicy = {
  productTtlSeconds: AVAILABILITY_FRESHNESS.cacheSeconds,
  listingTtlSeconds: AVAILABILITY_FRESHNESS.cacheSeconds,
  missingTtlSeconds: 10,
  categoriesTtlSeconds: 300,
};

/** A catalog edit (create, edit, archive, price) reaches every reader within this long. */
export const EDIT_FRESHNESS_SECONDS = 1;

/**
 * For a cache that catalog writers cannot reach (another process's own memory, as the product API's is in the
 * embedded local stack): invalidation never arrives there, so its entries must expire well within the edit budget,
 * leaving the other half for the read itself and the search indexing.
 */
export function unreachableCachePolicy(policy: CatalogCachePolicy): CatalogCachePolicy {
  const limit = EDIT_FRESHNESS_SECONDS / 2;
  return {
    productTtlSeconds: Math.min(policy.productTtlSeconds, limit),
    listingTtlSeconds: Math.min(policy.listingTtlSeconds, limit),
    missingTtlSeconds: Math.min(policy.missingTtlSeconds, limit),
    categoriesTtlSeconds: Math.min(policy.categoriesTtlSeconds, limit),
  };
}

const LISTING_GENERATION = 'catalog:listing-generation';
const GENERATION_TTL = 7 * 24 * 3600;
const productKey = (idOrSlug: string) => `catalog:product:${idOrSlug}`;
const CATEGORIES_KEY = 'catalog:categories';

/** The catalog's use cases: reads are cache-aside, writes invalidate what they change. */
export class CatalogService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly cache: CacheAside,
    private readonly policy: CatalogCachePolicy = DEFAULT_CACHE_POLICY,
    /**
     * Told after products were written. On AWS nothing needs telling (the table's stream carries every change to
     * the search indexer); the local stack, whose DynamoDB has no streams, sends the same records itself.
     */
    private readonly productsChanged: (ids: readonly string[]) => Promise<void> = async () => {},
  ) {}

  /** `query.categoryId` may be a category's id or its slug. */
  async listProducts(query: ListProductsQuery): Promise<Page<ProductSummary>> {
    if (query.categoryId) query = { ...query, categoryId: (await this.resolveCategory(query.categoryId)).id };
    const generation = await this.cache.generation(LISTING_GENERATION, GENERATION_TTL);
    const key = `catalog:list:${generation}:${query.categoryId ?? '*'}:${query.sort}:${query.limit}:${query.cursor ?? ''}`;
    return this.cache.read(key, this.policy.listingTtlSeconds, () => this.repository.listProducts(query));
  }

  /** Ids start with `prd_`; anything else is a slug. */
  async getProduct(idOrSlug: string): Promise<Product> {
    const ttl = (found: Product | null) =>
      found ? this.policy.productTtlSeconds : this.policy.missingTtlSeconds;
    const product = await this.cache.read(productKey(idOrSlug), ttl, () =>
      idOrSlug.startsWith('prd_')
        ? this.repository.getProductById(idOrSlug)
        : this.repository.getProductBySlug(idOrSlug),
    );
    if (product?.status !== 'active') {
      throw notFound('CATALOG.PRODUCT_NOT_FOUND', `no product "${idOrSlug}" in the catalog`);
    }
    return product;
  }

  listCategories(): Promise<Category[]> {
    return this.cache.read(CATEGORIES_KEY, this.policy.categoriesTtlSeconds, () =>
      this.repository.listCategories(),
    );
  }

  /** Accepts a category id or slug; unknown ones are a 404 rather than an empty page. */
  async resolveCategory(idOrSlug: string): Promise<Category> {
    const category = (await this.listCategories()).find((c) => c.id === idOrSlug || c.slug === idOrSlug);
    if (!category) throw notFound('CATALOG.CATEGORY_NOT_FOUND', `no category "${idOrSlug}"`);
    return category;
  }

  async saveProducts(products: readonly Product[]): Promise<void> {
    await this.repository.saveProducts(products);
    await this.productsWritten(products);
  }

  /** An edit made on what was read at `revision`: 'conflict' (nothing written) if someone wrote it since. */
  async saveProductIfUnchanged(product: Product, revision: string | null): Promise<'saved' | 'conflict'> {
    const outcome = await this.repository.saveProductIfUnchanged(product, revision);
    if (outcome === 'saved') await this.productsWritten([product]);
    return outcome;
  }

  /** Every listing may show a written product (or show it no more): all listing pages go at once. */
  private async productsWritten(products: readonly Product[]): Promise<void> {
    await this.cache.invalidate(products.flatMap((p) => [productKey(p.id), productKey(p.slug)]));
    await this.cache.bumpGeneration(LISTING_GENERATION, GENERATION_TTL);
    await this.productsChanged(products.map((p) => p.id));
  }

  /** A stock move: only this product's entries go; listings show it within their (short) lifetime. */
  async availabilityChanged(product: Product): Promise<void> {
    await this.cache.invalidate([productKey(product.id), productKey(product.slug)]);
    await this.productsChanged([product.id]);
  }

  async saveCategories(categories: readonly Category[]): Promise<void> {
    await this.repository.saveCategories(categories);
    await this.cache.invalidate([CATEGORIES_KEY]);
  }
}
