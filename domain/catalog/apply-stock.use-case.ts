import type { SkuCatalog } from '../cart/cart.ports.js';
import { availabilityOf } from './availability.js';
import type { CatalogRepository } from './catalog.repository.port.js';
import type { CatalogService } from './catalog.service.js';
import { assembleProduct, type Product } from './product.js';

/** The stock ledger's read side. */
export interface StockCounts {
  onHand(skus: readonly string[]): Promise<Map<string, number>>;
}

const ATTEMPTS = 10;

function withCounts(product: Product, counts: ReadonlyMap<string, number>): Product {
  return assembleProduct({
    ...product,
    variants: product.variants.map((variant) =>
      counts.has(variant.sku)
        ? { ...variant, availability: availabilityOf(counts.get(variant.sku)!) }
        : variant,
    ),
    updatedAt: new Date().toISOString(),
  });
}

const sameAvailability = (a: Product, b: Product) =>
  a.variants.every(
    (variant, i) =>
      variant.availability.count === b.variants[i]?.availability.count &&
      variant.availability.status === b.variants[i]?.availability.status,
  );

/**
 * The availability projection: writes the ledger's counts onto the catalog for the products of `skus`.
 * Each product is read, then its counts, then written only if nobody wrote it in between (else all again): a
 * concurrent catalog edit is never lost, and the last write always carries counts read after every earlier one,
 * so racing relays cannot leave an older count behind. Only the product's own cache entries are dropped; listing
 * pages keep their short life instead of all being emptied on every sale.
 */
export async function applyStock(
  skus: readonly string[],
  ledger: StockCounts,
  repository: CatalogRepository & SkuCatalog,
  catalog: CatalogService,
): Promise<number> {
  const infos = await repository.getSkus(skus);
  const productIds = [...new Set([...infos.values()].map((info) => info.productId))];
  let written = 0;
  for (const id of productIds) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await repository.getProductForUpdate(id);
      if (!current) break;
      const counts = await ledger.onHand(current.product.variants.map((variant) => variant.sku));
      const next = withCounts(current.product, counts);
      if (sameAvailability(current.product, next)) break;
      if ((await repository.saveProductIfUnchanged(next, current.revision)) === 'saved') {
        await catalog.availabilityChanged(next);
        written++;
        break;
      }
      if (attempt === ATTEMPTS - 1)
        throw new Error(`product ${id} kept changing; its availability will be retried`);
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }
  return written;
}
