import { openApiDocument } from '../adapters/http/openapi.js';
import { catalogOperations } from './catalog.operations.js';
import { httpHandler } from './lib/http-handler.js';

const document = openApiDocument({ title: 'Shop API', version: '1' }, catalogOperations);

export const handler = httpHandler({ route: 'GET /api/openapi.json' }, async () => ({
  body: document,
  maxAge: 300,
}));
