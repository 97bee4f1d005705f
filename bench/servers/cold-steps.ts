/**
 * Child process (bundled by bench:products with the functions' own esbuild settings, run with plain node, once per
 * fresh process): where a cold start of list-products goes, step by step, in the order a cache miss meets them.
 * Needs REDIS_URL (a Redis holding the categories, and not the page) and the catalog settings. Prints one JSON line.
 */
const steps: [string, number][] = [['Node start (process start to first line)', performance.now()]];
let last = performance.now();
const step = (name: string) => {
  const now = performance.now();
  steps.push([name, now - last]);
  last = now;
};

await import('../../functions/lib/http-handler.js');
step('import: HTTP handler (logger, problem+json, ETag)');
await import('../../functions/list-products.js');
step('import: list-products (zod query schema, container, ioredis, LRU)');
const { getCatalog } = await import('../../functions/lib/container.js');
const catalog = await getCatalog();
step('container build (config, Redis connection)');
await catalog.listCategories();
step('first cache call (GET categories, a hit)');
await import('@aws-sdk/client-dynamodb');
await import('@aws-sdk/lib-dynamodb');
step("import: AWS SDK (client-dynamodb, lib-dynamodb: the runtime's, external)");
await import('../../functions/lib/catalog-store.js');
step('import: DynamoDB chunk (ElectroDB, the catalog adapter)');
await catalog.listProducts({ sort: 'newest', limit: 24 });
step('first DynamoDB call (client, signing, connection, one Query; cache GET + SET around it)');
console.log(JSON.stringify({ steps, rssMb: process.memoryUsage.rss() / 2 ** 20 }));
process.exit(0);

export {};
