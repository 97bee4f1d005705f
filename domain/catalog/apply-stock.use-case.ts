import type { SkuCatalog } from '../cart/cart.ports.js';
import { availabilityOf } from './availability.js';
import type { CatalogRepository } from './catalog.repository.port.js';
import type { CatalogService } from './catalog.service.js';
import { assembleProduct } from './product.js';

/** The availability projection: the stock ledger's counts, written onto the catalog's SKUs and their products. */
export async function applyStock(
  counts: ReadonlyMap<string, number>,
  repository: CatalogRepository & SkuCatalog,
  catalog: CatalogService,
): Promise<number> {
  const skus = await repository.getSkus([...counts.keys()]);
  const productIds = [...new Set([...skus.values()].map((info) => info.productId))];
  const products = (await Promise.all(productIds.map((id) => repository.getProductById(id)))).filter(
    (p) => p !== null,
  );
  const updated = products.map((product) =>
    assembleProduct({
      ...product,
      variants: product.variants.map((variant) =>
        counts.has(variant.sku)
          ? { ...variant, availability: availabilityOf(counts.get(variant.sku)!) }
          : variant,
      ),
      updatedAt: new Date().toISOString(),
    }),
  );
  if (updated.length > 0) await catalog.saveProducts(updated);
  return updated.length;
}
