import type { ChildProcess } from 'node:child_process';
import { waitForHttp } from './processes.js';

/** What each route answers an anonymous first caller; every one is called once, in turn, so each handler is loaded. */
async function routesOf(base: string): Promise<[string, number][]> {
  const page = (await (
    await fetch(`${base}/api/products?limit=1`, { signal: AbortSignal.timeout(60_000) })
  ).json()) as {
    items?: { slug: string }[];
  };
  const slug = page.items?.[0]?.slug ?? 'no-products-seeded';
  return [
    ['/api/products?limit=1', 200],
    [`/api/products/${slug}`, page.items?.[0] ? 200 : 404],
    ['/api/categories', 200],
    ['/api/openapi.json', 200],
    ['/api/products/warm-up/unknown-route', 404],
  ];
}

/** The product API's routes each answered once (and so each Lambda loaded), or why not. */
export async function warmProductApi(base: string, child: ChildProcess): Promise<void> {
  for (const [path, status] of await routesOf(base))
    await waitForHttp(`${base}${path}`, 60_000, child, status);
}

/** Every route through the edge, product API and services alike: nobody is told the shop is up before this passes. */
export async function checkThroughEdge(edge: string): Promise<void> {
  const routes: [string, number][] = [
    ...(await routesOf(edge)),
    ['/api/me', 401],
    ['/api/cart', 200],
    ['/api/orders', 401],
    ['/api/search?q=shoes', 200],
    ['/api/search/suggest?q=sh', 200],
  ];
  for (const [path, status] of routes) await waitForHttp(`${edge}${path}`, 60_000, undefined, status);
}
