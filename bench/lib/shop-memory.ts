import type { LocalShop } from '../../local/shop.js';
import { groupRssBytes, processRssBytes } from './process-cpu.js';

/** Resident memory (bytes) of each process of a local shop, by name, at this moment. */
export type MemorySample = Record<string, number>;

/**
 * What each process of the shop holds in memory (VmRSS): this process (the edge, the ALB router, dynalite, PGlite,
 * the payments simulator and s3rver run in it, and so does whatever drives the load), and each child the shop
 * started, summed over its process group (the tsx launcher with the service's node, serverless-offline with its
 * esbuild service).
 */
export function sampleShopMemory(shop: LocalShop): MemorySample {
  const children = [...Object.values(shop.services.services), shop.productApi, shop.admin.process];
  const sample: MemorySample = { orchestrator: processRssBytes(process.pid) };
  for (const child of children)
    sample[child.name] = child.child.pid ? groupRssBytes(child.child.pid) : Number.NaN;
  const sum = (names: string[]) => names.reduce((total, name) => total + sample[name]!, 0);
  const names = Object.keys(sample);
  // What a deployment runs (each service, the product API, the admin), without the local stand-ins of this process.
  sample.shop = sum(names.filter((name) => name !== 'orchestrator'));
  sample.total = sum(names);
  return sample;
}
