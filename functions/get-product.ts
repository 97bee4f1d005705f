import { productPath } from '../adapters/http/contract/catalog.schemas.js';
import { AVAILABILITY_FRESHNESS } from '../domain/catalog/availability.js';
import { getCatalog } from './lib/container.js';
import { httpHandler } from './lib/http-handler.js';

export const handler = httpHandler(
  { route: 'GET /api/products/{idOrSlug}', path: productPath },
  async ({ path }) => ({
    body: await (await getCatalog()).getProduct(path.idOrSlug),
    maxAge: AVAILABILITY_FRESHNESS.httpSeconds,
    staleSeconds: 0,
  }),
);
