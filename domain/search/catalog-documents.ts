import type { CatalogRepository } from '../catalog/catalog.repository.port.js';
import type { Category } from '../catalog/product.js';
import { type DocumentSource, type SearchDocument, toSearchDocument } from './search.js';

/** The whole catalog as search documents, page by page (inactive products left out): what a full reindex reads. */
export async function* catalogDocuments(
  repository: CatalogRepository,
  categories: readonly Category[],
  pageSize = 200,
): DocumentSource {
  const byId = new Map(categories.map((category) => [category.id, category]));
  for await (const products of repository.allProducts(pageSize)) {
    const documents = products
      .map((product) => toSearchDocument(product, byId.get(product.categoryId)))
      .filter((document): document is SearchDocument => document !== null);
    if (documents.length > 0) yield documents;
  }
}
