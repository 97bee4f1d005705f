import { createServer, type Server } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const context = { getRemainingTimeInMillis: () => 6000, functionName: 'bench' } as Context;

/**
 * The thinnest HTTP front for a Lambda handler: one node:http request becomes one API Gateway v2 event, with what
 * API Gateway gives (raw path and query, parsed query parameters, the headers, a request id, the method), built
 * with no more work than that takes, so what a load measures is the handler.
 */
export function serveLambda(
  handler: Handler,
  port: number,
  pathParameter?: { prefix: string; name: string },
): Promise<Server> {
  let requests = 0;
  const server = createServer(async (request, response) => {
    const target = request.url ?? '/';
    const mark = target.indexOf('?');
    const rawPath = mark < 0 ? target : target.slice(0, mark);
    const rawQueryString = mark < 0 ? '' : target.slice(mark + 1);
    const pathParameters =
      pathParameter && rawPath.startsWith(pathParameter.prefix)
        ? { [pathParameter.name]: decodeURIComponent(rawPath.slice(pathParameter.prefix.length)) }
        : undefined;
    const event = {
      version: '2.0',
      routeKey: `${request.method} ${rawPath}`,
      rawPath,
      rawQueryString,
      // node:http lower-cases names as API Gateway does; the bench sends no repeated headers.
      headers: request.headers as Record<string, string>,
      queryStringParameters: rawQueryString
        ? Object.fromEntries(new URLSearchParams(rawQueryString))
        : undefined,
      pathParameters,
      requestContext: {
        requestId: `bench-${process.pid}-${++requests}`,
        http: { method: request.method, path: rawPath },
      },
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const result = await handler(event, context);
    response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
    response.end(result.body ?? '');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
