import type { CatalogRepository } from '../../domain/catalog/catalog.repository.port.js';
import type { Product } from '../../domain/catalog/product.js';
import { progress } from '../progress.js';
import { demoCategories, demoProducts } from './demo-catalog.js';

const CHUNK = 100;
const PARALLEL_CHUNKS = 4;

/** Writes the demo catalog: categories, then products in parallel batches, with a progress bar. */
export async function seedCatalog(
  repository: CatalogRepository,
  count: number,
  quiet = false,
): Promise<void> {
  await repository.saveCategories(demoCategories());
  const bar = progress('Seeding catalog', count, quiet);
  let chunk: Product[] = [];
  let inFlight: Promise<void>[] = [];
  const flush = async () => {
    const batch = chunk;
    chunk = [];
    inFlight.push(repository.saveProducts(batch).then(() => bar.tick(batch.length)));
    if (inFlight.length >= PARALLEL_CHUNKS) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  };
  for (const product of demoProducts(count)) {
    chunk.push(product);
    if (chunk.length === CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  await Promise.all(inFlight);
  bar.done();
}
