import type { CatalogRepository } from '../../domain/catalog/catalog.repository.port.js';
import type { Product } from '../../domain/catalog/product.js';

/** A CatalogRepository that loads the real one on its first call (a failed load is tried again on the next). */
export class LazyCatalogRepository implements CatalogRepository {
  private loading: Promise<CatalogRepository> | undefined;

  constructor(private readonly load: () => Promise<CatalogRepository>) {}

  private target(): Promise<CatalogRepository> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  listProducts: CatalogRepository['listProducts'] = async (query) =>
    (await this.target()).listProducts(query);
  getProductById: CatalogRepository['getProductById'] = async (id) =>
    (await this.target()).getProductById(id);
  getProductBySlug: CatalogRepository['getProductBySlug'] = async (slug) =>
    (await this.target()).getProductBySlug(slug);
  listCategories: CatalogRepository['listCategories'] = async () => (await this.target()).listCategories();
  saveProducts: CatalogRepository['saveProducts'] = async (products) =>
    (await this.target()).saveProducts(products);
  countActiveProducts: CatalogRepository['countActiveProducts'] = async () =>
    (await this.target()).countActiveProducts();
  getProductForUpdate: CatalogRepository['getProductForUpdate'] = async (id) =>
    (await this.target()).getProductForUpdate(id);
  saveProductIfUnchanged: CatalogRepository['saveProductIfUnchanged'] = async (product, revision) =>
    (await this.target()).saveProductIfUnchanged(product, revision);
  saveCategories: CatalogRepository['saveCategories'] = async (categories) =>
    (await this.target()).saveCategories(categories);

  async *allProducts(pageSize: number): AsyncIterable<Product[]> {
    yield* (await this.target()).allProducts(pageSize);
  }
}
