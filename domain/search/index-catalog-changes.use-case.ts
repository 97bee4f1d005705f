import type { Category, Product } from '../catalog/product.js';
import { type SearchDocument, type SearchIndex, toSearchDocument } from './search.js';

/** One change to the catalog: the product as it is now, or null when it was deleted. */
export interface CatalogChange {
  productId: string;
  product: Product | null;
}

/** The categories with the given ids (unknown ids left out): documents carry their category's name. */
export type CategoryLookup = (ids: readonly string[]) => Promise<ReadonlyMap<string, Category>>;

export interface IndexCatalogChangesResult<C extends CatalogChange> {
  /** The changes whose product the index may not reflect yet: retry them (the same objects as given). */
  failed: C[];
  /** Product ids written and removed. */
  upserted: string[];
  removed: string[];
  /** Why calls failed (the categories lookup, the upsert, the remove), for the log. */
  errors: unknown[];
}

/**
 * Brings the search index up to date with catalog changes, given in the order they happened: active products are
 * written, deleted, draft and archived ones removed. Only each product's last change counts, so the whole batch
 * costs at most one categories lookup, one upsert and one remove. When a call fails, every change of the products it
 * carried fails (superseded ones too: they are done only once the index holds a state at least as new), and the
 * rest still count; nothing throws.
 */
export async function indexCatalogChanges<C extends CatalogChange>(
  changes: readonly C[],
  deps: { index: Pick<SearchIndex, 'upsert' | 'remove'>; categories: CategoryLookup },
): Promise<IndexCatalogChangesResult<C>> {
  const latest = new Map<string, Product | null>();
  for (const change of changes) latest.set(change.productId, change.product);
  const active: Product[] = [];
  const upsertIds: string[] = [];
  const gone: string[] = [];
  for (const [productId, product] of latest) {
    if (product?.status === 'active') {
      active.push(product);
      upsertIds.push(productId);
    } else gone.push(productId);
  }

  const failedIds = new Set<string>();
  const failAll = (ids: readonly string[]) => {
    for (const id of ids) failedIds.add(id);
  };
  const writeUpserts = async () => {
    if (active.length === 0) return;
    const categories = await deps.categories([...new Set(active.map((p) => p.categoryId))]);
    const documents = active
      .map((product) => toSearchDocument(product, categories.get(product.categoryId)))
      .filter((document): document is SearchDocument => document !== null);
    await deps.index.upsert(documents);
  };
  const writeRemovals = async () => {
    if (gone.length > 0) await deps.index.remove(gone);
  };
  const [upserts, removals] = await Promise.allSettled([writeUpserts(), writeRemovals()]);
  const errors: unknown[] = [];
  if (upserts.status === 'rejected') {
    failAll(upsertIds);
    errors.push(upserts.reason);
  }
  if (removals.status === 'rejected') {
    failAll(gone);
    errors.push(removals.reason);
  }

  return {
    failed: changes.filter((change) => failedIds.has(change.productId)),
    upserted: upserts.status === 'fulfilled' ? upsertIds : [],
    removed: removals.status === 'fulfilled' ? gone : [],
    errors,
  };
}
