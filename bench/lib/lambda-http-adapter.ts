import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const context = { getRemainingTimeInMillis: () => 6000, functionName: 'bench' } as Context;

/** The thinnest HTTP front for a Lambda handler: one node:http request becomes one API Gateway v2 event. */
export function serveLambda(
  handler: Handler,
  port: number,
  pathParameter?: { prefix: string; name: string },
): Promise<Server> {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://bench');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    const pathParameters =
      pathParameter && url.pathname.startsWith(pathParameter.prefix)
        ? { [pathParameter.name]: decodeURIComponent(url.pathname.slice(pathParameter.prefix.length)) }
        : undefined;
    const event = {
      version: '2.0',
      routeKey: `${request.method} ${url.pathname}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
      pathParameters,
      requestContext: { requestId: randomUUID(), http: { method: request.method, path: url.pathname } },
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const result = await handler(event, context);
    response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
    response.end(result.body ?? '');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
