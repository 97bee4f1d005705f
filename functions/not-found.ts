import { shopOperations } from '../adapters/http/contract/operations.js';
import { MethodNotAllowed } from '../adapters/http/problem.js';
import { notFound } from '../domain/shared/errors.js';
import { httpHandler } from './lib/http-handler.js';

/** Each documented path as a matcher, with the methods it takes (GET also answers HEAD). */
const methodsByPath = new Map<string, string[]>();
for (const operation of shopOperations)
  methodsByPath.set(operation.path, [
    ...(methodsByPath.get(operation.path) ?? []),
    operation.method.toUpperCase(),
  ]);
const documented = [...methodsByPath].map(([template, methods]) => ({
  matches: new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
  allowed: [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].sort(),
}));

/**
 * The HTTP API's catch-all ($default) route: any method or path no other function serves. A documented path called
 * with another method is a 405 naming the methods it takes; anything else is a 404.
 */
export const handler = httpHandler({ route: '$default' }, async ({ request }) => {
  const known = documented.find((entry) => entry.matches.test(request.rawPath));
  if (known) throw new MethodNotAllowed(request.rawPath, request.method, known.allowed);
  throw notFound('HTTP.ROUTE_NOT_FOUND', 'no API route matches this method and path');
});
