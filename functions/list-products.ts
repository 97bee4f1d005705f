import { listProductsQuery } from '../adapters/http/contract/catalog.schemas.js';
import { AVAILABILITY_FRESHNESS } from '../domain/catalog/availability.js';
import { getCatalog } from './lib/container.js';
import { httpHandler } from './lib/http-handler.js';

export const handler = httpHandler(
  { route: 'GET /api/products', query: listProductsQuery },
  async ({ query }) => {
    const page = await (await getCatalog()).listProducts({
      categoryId: query.category,
      sort: query.sort,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { body: page, maxAge: AVAILABILITY_FRESHNESS.httpSeconds, staleSeconds: 0 };
  },
);
