import { shopOperations } from '../adapters/http/contract/operations.js';
import { openApiDocument } from '../adapters/http/openapi.js';
import { httpHandler } from './lib/http-handler.js';

const document = openApiDocument({ title: 'Shop API', version: '1' }, shopOperations);

export const handler = httpHandler({ route: 'GET /api/openapi.json' }, async () => ({
  body: document,
  maxAge: 300,
}));
