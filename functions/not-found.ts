import { notFound } from '../domain/shared/errors.js';
import { httpHandler } from './lib/http-handler.js';

/** The HTTP API's catch-all ($default) route: any method or path no other function serves. */
export const handler = httpHandler({ route: '$default' }, async () => {
  throw notFound('HTTP.ROUTE_NOT_FOUND', 'no API route matches this method and path');
});
