import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createServiceApp } from '../../adapters/http/chassis/server.js';
import { shopOperations } from '../../adapters/http/contract/operations.js';
import { createLogger } from '../../adapters/logs/logger.js';
import type { Container } from '../../ecs-tasks/chassis/container.js';
import type { LocalConfig } from '../../local/config.js';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { invalidValue, type JsonSchema, validValue } from '../support/json-schema-arbitrary.js';
import { localShopConfig } from '../support/local-shop-config.js';

/** Generated requests per operation and kind (valid, invalid): enough to cover each rule, quick on 2 cores. */
const RUNS = 25;
const ROOT = new URL('../../', import.meta.url);

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Where = 'path' | 'query' | 'header';
interface Parameter {
  name: string;
  in: Where;
  required: boolean;
  schema: JsonSchema;
}
interface DocumentedOperation {
  parameters: Parameter[];
  /** Query parameters that must not be above another when both are given. */
  'x-not-above'?: [string, string][];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
interface OpenApi {
  paths: Record<string, Partial<Record<Method, DocumentedOperation>>>;
  components?: { securitySchemes?: { session?: { type: string; in: string; name: string } } };
}

/** A request's inputs, by where they travel. */
interface Inputs {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  body: unknown;
}
type Session = 'mine' | 'none' | 'forged';
interface Call {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  body?: unknown;
  session?: Session;
}
interface Answer {
  status: number;
  contentType: string;
  allow: string | null;
  text: string;
  json: unknown;
}

/** The services' and Lambdas' own routes, not the public API: ALB health checks, the HTTP API's catch-all. */
const INTERNAL_ROUTES = new Set(['GET /health', 'GET /ready']);
/** Reached inside the VPC only (no ALB rule or CloudFront behaviour routes /internal/*): the admin's reindex. */
const INTERNAL_PATH = /^[A-Z]+ \/internal\//;
const PROBED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'QUERY', 'PROPFIND'];

const isProblem = (answer: Answer) => /^application\/problem\+json/.test(answer.contentType);
const documentedStatuses = (operation: DocumentedOperation) =>
  Object.keys(operation.responses)
    .filter((status) => /^\d{3}$/.test(status))
    .map(Number);
const needsSession = (operation: DocumentedOperation) =>
  operation.security?.length === 1 && 'session' in operation.security[0]!;

/** One location's parameters as one object schema, so one generator covers them. */
function parametersSchema(operation: DocumentedOperation, where: Where): JsonSchema | null {
  const parameters = operation.parameters.filter((parameter) => parameter.in === where);
  if (parameters.length === 0) return null;
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema])),
    required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
  };
}

const fillPath = (template: string, values: Record<string, unknown>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));

describe('the API answers as its OpenAPI document says (through the local edge)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-e2e-openapi-'));
  let config: LocalConfig;
  let shop: LocalShop;
  let doc: OpenApi;
  let sessionToken: string;
  /** Real catalog values for the parameters that name them, so generated requests also find things. */
  let known: Record<string, fc.Arbitrary<unknown>>;

  beforeAll(async () => {
    config = await localShopConfig(dataDir, 60);
    shop = await startLocalShop({ config, quiet: true });
    doc = (await send({ method: 'GET', path: '/api/openapi.json' })).json as OpenApi;
    sessionToken = await signIn();
    known = await catalogValues();
  }, 240_000);
  afterAll(async () => {
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The document names the cookie; without it (a defect the first test reports), try the usual name.
  const sessionCookie = () => doc.components?.securitySchemes?.session?.name ?? 'session';

  async function send(call: Call): Promise<Answer> {
    const url = new URL(call.path, shop.urls.edge);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, String(value));
    const cookie =
      call.session === 'mine'
        ? `${sessionCookie()}=${sessionToken}`
        : call.session === 'forged'
          ? `${sessionCookie()}=forged-${call.path.length}`
          : undefined;
    const response = await fetch(url, {
      method: call.method,
      headers: {
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
        ...call.headers,
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {}
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      allow: response.headers.get('allow'),
      text,
      json,
    };
  }

  const describeExchange = (call: Call, answer: Answer) =>
    `${call.method} ${call.path} query=${JSON.stringify(call.query ?? {})} headers=${JSON.stringify(
      call.headers ?? {},
    )} session=${call.session ?? 'none'} body=${JSON.stringify(call.body)?.slice(0, 300)}\n  -> ${
      answer.status
    } ${answer.contentType} ${answer.text.slice(0, 400)}`;

  async function signIn(): Promise<string> {
    const credentials = { email: `conformance.${Date.now()}@example.com`, password: 'conformance-pass-1' };
    const registered = await send({
      method: 'POST',
      path: '/api/auth/register',
      body: { ...credentials, name: 'Conformance' },
    });
    expect(registered.status).toBe(201);
    const response = await fetch(new URL('/api/auth/login', shop.urls.edge), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    expect(response.status).toBe(200);
    const prefix = `${sessionCookie()}=`;
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith(prefix));
    return cookie!.slice(prefix.length).split(';')[0]!;
  }

  async function catalogValues(): Promise<Record<string, fc.Arbitrary<unknown>>> {
    type Summary = { id: string; slug: string };
    const page = (await send({ method: 'GET', path: '/api/products', query: { limit: 12 } })).json as {
      items: Summary[];
    };
    const products = await Promise.all(
      page.items.map(
        async (item) =>
          (await send({ method: 'GET', path: `/api/products/${item.slug}` })).json as {
            variants: { sku: string }[];
          },
      ),
    );
    const categories = (await send({ method: 'GET', path: '/api/categories' })).json as { items: Summary[] };
    return {
      sku: fc.constantFrom(...products.flatMap((product) => product.variants.map((variant) => variant.sku))),
      idOrSlug: fc.constantFrom(...page.items.flatMap((item) => [item.id, item.slug])),
      category: fc.constantFrom(...categories.items.flatMap((category) => [category.id, category.slug])),
    };
  }

  const operationAt = (method: Method, path: string): DocumentedOperation => {
    const operation = doc.paths[path]?.[method];
    if (!operation) throw new Error(`the served document has no ${method.toUpperCase()} ${path}`);
    return operation;
  };

  function validInputs(operation: DocumentedOperation): fc.Arbitrary<Inputs> {
    const at = (where: Where) => {
      const schema = parametersSchema(operation, where);
      return schema ? validValue(schema, { carrier: where, known }) : fc.constant({});
    };
    const body = operation.requestBody?.content['application/json'].schema;
    // A documented range is valid only low to high: put each generated pair in order.
    const ordered = (query: Record<string, unknown>) => {
      const result = { ...query };
      for (const [low, high] of operation['x-not-above'] ?? []) {
        if (
          result[low] !== undefined &&
          result[high] !== undefined &&
          Number(result[low]) > Number(result[high])
        )
          [result[low], result[high]] = [result[high], result[low]];
      }
      return result;
    };
    return fc.record({
      path: at('path'),
      query: (at('query') as fc.Arbitrary<Record<string, unknown>>).map(ordered),
      header: at('header'),
      body: body ? validValue(body, { carrier: 'json', known }) : fc.constant(undefined),
    }) as fc.Arbitrary<Inputs>;
  }

  /** Valid inputs with exactly one thing wrong: one location's value, or the session. */
  function invalidInputs(
    operation: DocumentedOperation,
  ): fc.Arbitrary<{ inputs: Inputs; session: Session; breaks: string }> {
    const valid = validInputs(operation);
    const session: Session = needsSession(operation) ? 'mine' : 'none';
    const choices: fc.Arbitrary<{ inputs: Inputs; session: Session; breaks: string }>[] = [];
    const locations: [keyof Inputs, JsonSchema | null | undefined, 'json' | Where][] = [
      ['path', parametersSchema(operation, 'path'), 'path'],
      ['query', parametersSchema(operation, 'query'), 'query'],
      ['header', parametersSchema(operation, 'header'), 'header'],
      ['body', operation.requestBody?.content['application/json'].schema, 'json'],
    ];
    for (const [location, schema, carrier] of locations) {
      const broken = schema && invalidValue(schema, { carrier, known });
      if (!broken) continue;
      choices.push(
        fc.tuple(valid, broken).map(([inputs, bad]) => ({
          inputs: { ...inputs, [location]: bad.value },
          session,
          breaks: `${location} ${bad.breaks}`,
        })),
      );
    }
    if (needsSession(operation)) {
      for (const wrong of ['none', 'forged'] as const)
        choices.push(valid.map((inputs) => ({ inputs, session: wrong, breaks: `session ${wrong}` })));
    }
    return fc.oneof(...choices);
  }

  const toCall = (method: Method, template: string, inputs: Inputs, session: Session): Call => ({
    method: method.toUpperCase(),
    path: fillPath(template, inputs.path),
    query: inputs.query,
    headers: Object.fromEntries(Object.entries(inputs.header).map(([name, value]) => [name, String(value)])),
    body: inputs.body,
    session,
  });

  /** A concrete URL for a documented path, with real values where there are any. */
  const concretePath = (template: string, operation: DocumentedOperation) => {
    const schema = parametersSchema(operation, 'path');
    const values = schema ? fc.sample(validValue(schema, { carrier: 'path', known }), { numRuns: 1 })[0] : {};
    return fillPath(template, values as Record<string, unknown>);
  };

  it('serves the document generated from the contract the routes validate with', async () => {
    const served = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(served.sort()).toEqual(shopOperations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort());
    expect(doc.components?.securitySchemes?.session).toMatchObject({ type: 'apiKey', in: 'cookie' });
  });

  describe.each(
    shopOperations.map((o) => ({
      method: o.method,
      path: o.path,
      label: `${o.method.toUpperCase()} ${o.path}`,
    })),
  )('$label', ({ method, path }) => {
    it('answers schema-valid requests with a documented status, never 400', async () => {
      const operation = operationAt(method, path);
      const session: Session = needsSession(operation) ? 'mine' : 'none';
      const opaque = operation.parameters.filter((p) => p.in === 'query' && p.schema['x-opaque']);
      await fc.assert(
        fc.asyncProperty(validInputs(operation), async (inputs) => {
          const call = toCall(method, path, inputs, session);
          const answer = await send(call);
          const context = describeExchange(call, answer);
          expect(answer.status, context).not.toBe(400);
          expect(documentedStatuses(operation), context).toContain(answer.status);
          if (answer.status >= 400) expect(isProblem(answer), context).toBe(true);
          // An opaque parameter takes only what the server handed out: the `next...` value of this answer.
          for (const parameter of opaque) {
            const next = (answer.json as Record<string, unknown> | null)?.[
              `next${parameter.name[0]!.toUpperCase()}${parameter.name.slice(1)}`
            ];
            if (answer.status !== 200 || typeof next !== 'string') continue;
            const follow = { ...call, query: { ...call.query, [parameter.name]: next } };
            const followed = await send(follow);
            expect(followed.status, describeExchange(follow, followed)).toBe(200);
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }, 90_000);

    it('answers requests that break the schema with a documented 4xx problem, never 5xx', async () => {
      const operation = operationAt(method, path);
      const hasInputs =
        operation.parameters.length > 0 || operation.requestBody !== undefined || needsSession(operation);
      if (!hasInputs) return;
      await fc.assert(
        fc.asyncProperty(invalidInputs(operation), async ({ inputs, session, breaks }) => {
          const call = toCall(method, path, inputs, session);
          const answer = await send(call);
          const context = `breaks ${breaks}: ${describeExchange(call, answer)}`;
          expect(answer.status, context).toBeGreaterThanOrEqual(400);
          expect(answer.status, context).toBeLessThan(500);
          expect(documentedStatuses(operation), context).toContain(answer.status);
          expect(isProblem(answer), context).toBe(true);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }, 90_000);
  });

  it('answers a documented path called with another method 405 + Allow, from the services and the product API alike', async () => {
    const mismatches: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      const documented = Object.keys(methods).map((method) => method.toUpperCase());
      const path = concretePath(template, Object.values(methods)[0]!);
      const allowed = [...documented, ...(documented.includes('GET') ? ['HEAD'] : [])].sort().join(', ');
      for (const method of PROBED_METHODS.filter((m) => !documented.includes(m))) {
        const call = { method, path };
        const answer = await send(call);
        if (answer.status !== 405 || answer.allow !== allowed || !isProblem(answer))
          mismatches.push(
            `${describeExchange(call, answer)}\n  expected 405, Allow: ${allowed}, problem+json`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('answers unknown paths under every documented path 404 problem+json', async () => {
    const templates = Object.keys(doc.paths).map(
      (template) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
    );
    const mismatches: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      const base = concretePath(template, Object.values(methods)[0]!);
      for (const path of [`${base}/nope`, `${base}/nope/deeper`]) {
        if (templates.some((documented) => documented.test(path))) continue;
        const call = { method: 'GET', path };
        const answer = await send(call);
        if (answer.status !== 404 || !isProblem(answer)) mismatches.push(describeExchange(call, answer));
      }
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  /** What the services' framework refuses before a route runs: each its own 4xx problem, never a 500. */
  it.each([
    ['QUERY without a Content-Type on a GET path', 405, 'QUERY', '/api/me', {}],
    ['PROPFIND', 405, 'PROPFIND', '/api/cart', {}],
    ['a text/plain body', 415, 'POST', '/api/cart/items', { type: 'text/plain', body: 'sku=A' }],
    [
      'a form body',
      415,
      'POST',
      '/api/cart/items',
      { type: 'application/x-www-form-urlencoded', body: 'a=1' },
    ],
    ['a body without a Content-Type', 415, 'POST', '/api/cart/items', { body: new Uint8Array([123, 125]) }],
    ['an unparseable Content-Type', 415, 'POST', '/api/cart/items', { type: '///', body: '{}' }],
    ['an empty JSON body', 400, 'POST', '/api/cart/items', { type: 'application/json', body: '' }],
    ['malformed JSON', 400, 'POST', '/api/cart/items', { type: 'application/json', body: '{"sku":' }],
    [
      'a __proto__ key',
      400,
      'POST',
      '/api/cart/items',
      { type: 'application/json', body: '{"__proto__":{}}' },
    ],
    [
      'a body over 16 KiB',
      413,
      'POST',
      '/api/cart/items',
      { type: 'application/json', body: `"${'x'.repeat(20_000)}"` },
    ],
    ['a broken percent-encoding', 400, 'DELETE', '/api/cart/items/%zz', {}],
    [
      'a text/plain body on a DELETE',
      415,
      'DELETE',
      '/api/cart/items/SKU-1',
      { type: 'text/plain', body: 'x' },
    ],
  ] as const)('answers %s with %d', async (_name, status, method, path, payload) => {
    const response = await fetch(new URL(path, shop.urls.edge), {
      method,
      headers: 'type' in payload ? { 'content-type': payload.type } : {},
      body: 'body' in payload ? payload.body : undefined,
    });
    const problem = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Object.keys(problem)).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId']),
    );
    expect(problem.status).toBe(status);
    expect(JSON.stringify(problem)).not.toMatch(/\bat \S+:\d+|FST_ERR|node_modules/);
  });

  it('ignores a body on a GET at the services (it has no meaning there); the edge refuses it 403, as CloudFront does', async () => {
    const body = 'not json at all';
    const getWithBody = (base: string) =>
      new Promise<{ status: number; contentType: string }>((resolve, reject) => {
        const request = httpRequest(new URL('/api/cart', base), {
          method: 'GET',
          // Node sends a GET body unframed unless told its length.
          headers: { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) },
        });
        request.on('response', (response) => {
          response.resume();
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
          });
        });
        request.on('error', reject);
        request.end(body);
      });
    expect((await getWithBody(`http://127.0.0.1:${config.LOCAL_CART_PORT}`)).status).toBe(200);
    const atEdge = await getWithBody(shop.urls.edge);
    expect(atEdge.status).toBe(403);
    expect(atEdge.contentType).toMatch(/^application\/problem\+json/);
  });

  it('answers request headers over 16 KiB with a 431 problem (the services, without the edge in front)', async () => {
    const raw = await new Promise<string>((resolve) => {
      let received = '';
      const socket = connect(config.LOCAL_CART_PORT, '127.0.0.1', () =>
        socket.write(`GET /api/cart HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`),
      );
      socket.on('data', (chunk) => {
        received += chunk;
      });
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    expect(raw).toMatch(/"status":431/);
  });

  it('documents every route the services and Lambdas register, and every documented route is registered', async () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const registered = [...(await serviceRoutes()), ...lambdaRoutes()].filter(
      (route) => !INTERNAL_ROUTES.has(route) && !INTERNAL_PATH.test(route),
    );
    expect([...new Set(registered)].sort()).toEqual(documented.sort());
  });
});

/** What every ECS service registers, read from the fastify apps their route modules build. */
async function serviceRoutes(): Promise<string[]> {
  type RouteFactory = (container: Container, secureCookies: boolean) => (app: FastifyInstance) => void;
  const routes: string[] = [];
  const services = new URL('ecs-tasks/', ROOT);
  for (const entry of readdirSync(services, { withFileTypes: true })) {
    const file = new URL(`${entry.name}/routes.ts`, services);
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const factories = Object.values(await import(file.href)).filter((f) => typeof f === 'function');
    for (const factory of factories as RouteFactory[]) {
      const app = await createServiceApp({
        name: entry.name,
        logger: createLogger({ service: entry.name, sink: () => {} }),
        ready: async () => {},
        trustedProxyHops: 0,
        routes: (app) => {
          app.addHook('onRoute', (route) => {
            for (const method of [route.method].flat().filter((m) => m !== 'HEAD'))
              routes.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
          });
          // The routes only reach the container when a request arrives.
          return factory({} as Container, false)(app);
        },
      });
      await app.close();
    }
  }
  return routes;
}

/** The HTTP API routes serverless.yml gives the Lambdas (the `*` catch-all answers 404 for anything else). */
function lambdaRoutes(): string[] {
  const { functions } = parse(readFileSync(new URL('serverless.yml', ROOT), 'utf8'), {
    logLevel: 'silent',
  }) as { functions: Record<string, { events?: { httpApi?: string | { method: string; path: string } }[] }> };
  return Object.values(functions).flatMap((fn) =>
    (fn.events ?? []).flatMap(({ httpApi }) =>
      typeof httpApi === 'object' ? [`${httpApi.method.toUpperCase()} ${httpApi.path}`] : [],
    ),
  );
}
