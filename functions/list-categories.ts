import { getCatalog } from './lib/container.js';
import { httpHandler } from './lib/http-handler.js';

export const handler = httpHandler({ route: 'GET /api/categories' }, async () => ({
  body: { items: await (await getCatalog()).listCategories() },
  maxAge: 300,
}));
