import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayEvent } from '../support/api-gateway.js';

type Handler = (
  event: ReturnType<typeof apiGatewayEvent>,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

let handler: Handler;
const context = { getRemainingTimeInMillis: () => 10_000 } as Context;
const invoke = (method: string, path: string) =>
  handler(apiGatewayEvent({ method, path, routeKey: '$default' }), context);

beforeAll(async () => {
  process.env.LOG_LEVEL = 'warn';
  ({ handler } = (await import('../../functions/not-found.js')) as unknown as { handler: Handler });
});

describe('the HTTP API catch-all route', () => {
  it.each([
    ['GET', '/api/products/a/b'],
    ['GET', '/api/nothing-here'],
  ])('answers %s %s with 404 problem+json', async (method, path) => {
    const response = await invoke(method, path);
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.headers?.['cache-control']).toBe('no-store');
    const problem = JSON.parse(response.body ?? '');
    expect(problem).toMatchObject({ status: 404, title: 'Not Found', code: 'HTTP.ROUTE_NOT_FOUND' });
    expect(problem.requestId).toBe(response.headers?.['x-request-id']);
  });

  it.each([
    ['POST', '/api/products', 'GET, HEAD'],
    ['DELETE', '/api/products/some-slug', 'GET, HEAD'],
    ['PUT', '/api/categories', 'GET, HEAD'],
  ])('answers %s %s (a known path, another method) with 405 and Allow: %s', async (method, path, allow) => {
    const response = await invoke(method, path);
    expect(response.statusCode).toBe(405);
    expect(response.headers?.allow).toBe(allow);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ status: 405, code: 'HTTP.METHOD_NOT_ALLOWED' });
  });
});
