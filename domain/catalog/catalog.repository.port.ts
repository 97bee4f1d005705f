import type { ListProductsQuery, Page } from './listing.js';
import type { Category, Product, ProductSummary } from './product.js';

/** Where the catalog lives. Absent things are `null`; a malformed cursor throws `PAGINATION.BAD_CURSOR`. */
export interface CatalogRepository {
  listProducts(query: ListProductsQuery): Promise<Page<ProductSummary>>;
  getProductById(id: string): Promise<Product | null>;
  getProductBySlug(slug: string): Promise<Product | null>;
  listCategories(): Promise<Category[]>;
  saveProducts(products: readonly Product[]): Promise<void>;
  /** Every product, any status, a page at a time: for rebuilding derived data (the search index), not requests. */
  allProducts(pageSize: number): AsyncIterable<Product[]>;
  /** How many products are active (what the search index holds): a full reindex's progress bar. */
  countActiveProducts(): Promise<number>;
  /** The product as stored, read consistently, with its revision: an opaque token that every write replaces. */
  getProductForUpdate(id: string): Promise<{ product: Product; revision: string | null } | null>;
  /** Writes the product (and its SKU items) only if nobody wrote it since `revision` was read. */
  saveProductIfUnchanged(product: Product, revision: string | null): Promise<'saved' | 'conflict'>;
  saveCategories(categories: readonly Category[]): Promise<void>;
}
