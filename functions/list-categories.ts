import { getContainer } from './lib/container.js';
import { httpHandler } from './lib/http-handler.js';

export const handler = httpHandler({ route: 'GET /api/categories' }, async () => ({
  body: { items: await getContainer().catalog.listCategories() },
  maxAge: 300,
}));
