import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Script } from 'node:vm';

/** The viewer-request event of the cloudfront-js-2.0 runtime, as much of it as the local edge fills in. */
export interface ViewerRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string; multiValue?: { value: string }[] }>;
  headers: Record<string, { value: string; multiValue?: { value: string }[] }>;
  cookies: Record<string, { value: string }>;
}

/** A function may instead answer the viewer itself (a redirect, a 403). */
export interface FunctionResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, { value: string }>;
  body?: string | { data: string; encoding?: 'text' | 'base64' };
}

export type CloudFrontFunction = (
  request: ViewerRequest,
  viewerIp: string,
) => { request: ViewerRequest } | { response: FunctionResponse };

/**
 * Runs a CloudFront function's code from the template (the same text CloudFront runs) in its own V8 context, so
 * the local edge and CloudFront rewrite requests with one piece of code.
 */
export function compileCloudFrontFunction(code: string, name: string): CloudFrontFunction {
  const handler = new Script(`${code}\n;handler`, { filename: `${name}.js` }).runInNewContext({
    require: runtimeModule,
  });
  if (typeof handler !== 'function') throw new Error(`CloudFront function ${name} defines no handler`);
  return (request, viewerIp) => {
    const result = handler({
      version: '1.0',
      // Like CloudFront's: 56 base64 characters, new for every request (its access logs' x-edge-request-id).
      context: {
        eventType: 'viewer-request',
        functionName: name,
        requestId: randomBytes(42).toString('base64'),
      },
      viewer: { ip: viewerIp },
      request: structuredClone(request),
    }) as ViewerRequest | FunctionResponse;
    return 'statusCode' in result ? { response: result } : { request: result };
  };
}

/** The modules cloudfront-js-2.0 offers to `require`, as far as functions of this template use them. */
function runtimeModule(name: string): unknown {
  if (name === 'crypto') return { createHash, createHmac };
  throw new Error(`the CloudFront Functions runtime has no module "${name}"`);
}

/** The event's request for an incoming request: headers lower-case, one value each (repeats as multiValue). */
export function viewerRequestOf(
  method: string,
  url: URL,
  headers: Record<string, string | string[] | undefined>,
): ViewerRequest {
  const querystring: ViewerRequest['querystring'] = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    querystring[key] = {
      value: values[0]!,
      ...(values.length > 1 ? { multiValue: values.map((value) => ({ value })) } : {}),
    };
  }
  const eventHeaders: ViewerRequest['headers'] = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    const values = Array.isArray(value) ? value : [value];
    eventHeaders[name] = {
      value: values[0]!,
      ...(values.length > 1 ? { multiValue: values.map((v) => ({ value: v })) } : {}),
    };
  }
  const cookies: ViewerRequest['cookies'] = {};
  for (const pair of String(headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) cookies[pair.slice(0, at).trim()] = { value: pair.slice(at + 1).trim() };
  }
  return { method, uri: url.pathname, querystring, headers: eventHeaders, cookies };
}
