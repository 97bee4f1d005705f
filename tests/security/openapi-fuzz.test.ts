import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopOperations } from '../../adapters/http/contract/operations.js';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { invalidValue, type JsonSchema, validValue } from '../support/json-schema-arbitrary.js';
import { localShopConfig } from '../support/local-shop-config.js';

/**
 * Hostile requests per documented operation: sized so the whole file (shop start included) stays near 90 s on
 * two cores. FUZZ_RUNS raises it for a longer hunt; a failure prints fast-check's seed and path to replay it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 45);

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}
interface DocumentedOperation {
  parameters: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}
interface OpenApi {
  paths: Record<string, Partial<Record<Method, DocumentedOperation>>>;
}

/** One raw HTTP request: the path and query exactly as written (no URL normalisation), any body bytes. */
interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** Texts attackers and broken clients send: traversal, encodings, injections, odd numbers, unicode. */
const HOSTILE_TOKENS = [
  '..',
  '../..',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '%252e%252e%252f',
  '....//....//',
  '..\\..\\windows',
  '.%00.',
  '%00',
  'a%00b',
  '%C0%AE%C0%AE%C0%AF',
  '%ED%A0%80',
  '%FF%FE%FD',
  '%',
  '%zz',
  '%%41',
  '%u002e%u002e',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the log4j probe is this very text.
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  '0x1F',
  '1_000',
  ' 1',
  'true',
  '[]',
  '{}',
];
const UNICODE_TOKENS = [
  '\u202egnp.exe',
  '🛒🛒🛒',
  'ＡＢＣ',
  'e\u0301',
  '\u0000',
  '\uFEFF',
  '\uD800',
  'Ω≈ç√∫',
];

/** UTF-8 bytes, each byte outside the unreserved set percent-encoded (lone surrogates become U+FFFD). */
const percentEncode = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

/** As written, but what an HTTP request line cannot carry (spaces, controls, beyond Latin-1) percent-encoded. */
const onRequestLine = (text: string) =>
  [...text].map((c) => (/[\u0021-\u007e]/.test(c) ? c : percentEncode(c))).join('');

/** A hostile text as it goes into a URL: the raw tokens as written (their encodings are the point), others encoded. */
const hostileUrlText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_TOKENS.map(onRequestLine)),
  fc.constantFrom(...UNICODE_TOKENS).map(percentEncode),
  fc.string({ unit: 'grapheme', maxLength: 24 }).map(percentEncode),
  fc.string({ unit: 'binary', maxLength: 16 }).map(percentEncode),
  fc.integer({ min: 1, max: 3 }).map((k) => 'x'.repeat(10 ** k * 2)),
);

/** A hostile value inside JSON: every JSON type, huge and odd strings, extreme numbers. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_TOKENS, ...UNICODE_TOKENS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1, max: 3 }).map((k) => 'é'.repeat(10 ** k * 3)),
  fc.constantFrom(
    0,
    -1,
    -0,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 2,
    Number.MIN_VALUE,
    true,
    false,
    null,
    [],
    {},
    [[[[[]]]]],
    { a: { b: { c: {} } } },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/jsonx',
  'application/*',
  '',
  ';',
];

describe('every documented route fuzzed with hostile input through the local edge: never a 5xx, every 4xx problem+json', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-security-fuzz-'));
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let shop: LocalShop;
  let edge: URL;
  let doc: OpenApi;
  let session: string;
  let known: Record<string, fc.Arbitrary<unknown>>;

  function send(call: RawRequest): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: edge.hostname,
          port: edge.port,
          method: call.method,
          path: call.path,
          agent,
          headers: {
            ...call.headers,
            ...(call.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(call.body)) }),
          },
          timeout: 20_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type'] ?? ''),
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 20 s')));
      outgoing.on('error', reject);
      outgoing.end(call.body);
    });
  }

  beforeAll(async () => {
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 60), quiet: true });
    edge = new URL(shop.urls.edge);
    doc = JSON.parse((await send({ method: 'GET', path: '/api/openapi.json', headers: {} })).text) as OpenApi;
    session = await signIn();
    known = await catalogValues();
  }, 240_000);
  afterAll(async () => {
    agent.destroy();
    await shop?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(): Promise<string> {
    const email = `fuzz.${Date.now()}@example.com`;
    const response = await fetch(new URL('/api/auth/register', edge), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'fuzzing-password-1', name: 'Fuzz' }),
    });
    expect(response.status).toBe(201);
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith('session='));
    return cookie!.slice('session='.length).split(';')[0]!;
  }

  async function catalogValues(): Promise<Record<string, fc.Arbitrary<unknown>>> {
    const listing = await fetch(new URL('/api/products?limit=6', edge));
    const text = await listing.text();
    expect(listing.status, text).toBe(200);
    const page = JSON.parse(text) as { items: { id: string; slug: string }[] };
    const skus = await Promise.all(
      page.items.map(async (item) => {
        const product = (await (await fetch(new URL(`/api/products/${item.slug}`, edge))).json()) as {
          variants: { sku: string }[];
        };
        return product.variants.map((variant) => variant.sku);
      }),
    );
    return {
      sku: fc.constantFrom(...skus.flat()),
      idOrSlug: fc.constantFrom(...page.items.flatMap((item) => [item.id, item.slug])),
    };
  }

  /** A path parameter: a valid value, one its schema refuses, or a hostile text written into the URL. */
  const pathValue = (parameter: Parameter): fc.Arbitrary<string> => {
    const options = { carrier: 'path' as const, known };
    const valid = validValue(parameter.schema, options).map((v) => percentEncode(String(v)));
    const invalid = invalidValue(parameter.schema, options)?.map((bad) => percentEncode(String(bad.value)));
    return fc.oneof(valid, ...(invalid ? [invalid] : []), hostileUrlText, hostileUrlText);
  };

  /** The query: documented names with good, bad or hostile values, repeated names, unknown and array-style names. */
  const queryString = (parameters: Parameter[]): fc.Arbitrary<string> => {
    const names = parameters.map((parameter) => parameter.name);
    const valueFor = (name: string): fc.Arbitrary<string> => {
      const parameter = parameters.find((p) => p.name === name);
      const options = { carrier: 'query' as const, known };
      const choices: fc.Arbitrary<string>[] = [hostileUrlText];
      if (parameter) {
        choices.push(validValue(parameter.schema, options).map((v) => percentEncode(String(v))));
        const invalid = invalidValue(parameter.schema, options);
        if (invalid) choices.push(invalid.map((bad) => percentEncode(String(bad.value))));
      }
      return fc.oneof(...choices);
    };
    const name = fc.oneof(
      ...(names.length ? [fc.constantFrom(...names), fc.constantFrom(...names)] : []),
      fc.constantFrom(
        '__proto__',
        'constructor[prototype][x]',
        'limit[]',
        'a[b][c]',
        '',
        '%',
        'x'.repeat(300),
      ),
    );
    const pair = name.chain((n) =>
      fc.oneof(
        valueFor(n).map((v) => `${n}=${v}`),
        fc.constant(n),
        fc.tuple(valueFor(n), valueFor(n)).map(([a, b]) => `${n}=${a}&${n}=${b}`),
      ),
    );
    return fc.array(pair, { maxLength: 5 }).map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));
  };

  /** A body and its Content-Type: schema-valid, schema-breaking, extra or poisoned keys, broken JSON, too big, other types. */
  const bodyFor = (schema: JsonSchema | undefined): fc.Arbitrary<{ body?: string; type?: string }> => {
    const json = (value: unknown) => ({ body: JSON.stringify(value), type: 'application/json' });
    const options = { carrier: 'json' as const, known };
    const choices: fc.Arbitrary<{ body?: string; type?: string }>[] = [
      hostileJson.map(json),
      fc.constant<{ body?: string; type?: string }>({}),
      fc.string({ maxLength: 60 }).map((text) => ({ body: text, type: 'application/json' })),
      fc
        .constantFrom('{"a":', '{"a":1,}', "{'a':1}", '{"a":NaN}', '\uFEFF{}', '{"a":1}{"b":2}', 'nul', '[')
        .map((text) => ({ body: text, type: 'application/json' })),
      fc.integer({ min: 2000, max: 6000 }).map((depth) => ({
        body: `${'['.repeat(depth)}${']'.repeat(depth)}`,
        type: 'application/json',
      })),
      fc.integer({ min: 17, max: 200 }).map((kib) => json({ padding: 'x'.repeat(kib * 1024) })),
      fc
        .tuple(fc.constantFrom(...CONTENT_TYPES), fc.string({ maxLength: 40 }))
        .map(([type, text]) => ({ body: text, type })),
    ];
    if (schema) {
      const valid = validValue(schema, options);
      choices.push(valid.map(json), valid.map(json));
      const invalid = invalidValue(schema, options);
      if (invalid) choices.push(invalid.map((bad) => json(bad.value)));
      choices.push(
        fc
          .tuple(valid, fc.string({ maxLength: 20 }), hostileJson)
          .map(([value, key, extra]) => json({ ...(value as object), [key || 'extra']: extra })),
        valid.map((value) => ({
          body: `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},${JSON.stringify(value).slice(1)}`,
          type: 'application/json',
        })),
        valid.map((value) => ({ body: JSON.stringify(value), type: 'text/plain' })),
        valid.map((value) => ({ body: JSON.stringify([value]), type: 'application/json' })),
      );
    }
    return fc.oneof(...choices);
  };

  /** Session cookie: mine, none, forged, malformed or oversized; sometimes a second, conflicting one. */
  const cookieHeader = fc.oneof(
    fc.constant(() => `session=${session}`),
    fc.constant(() => undefined),
    fc
      .constantFrom('session=forged', 'session=', 'session', 'session=%zz', 'session=a;session=b', '=;=;')
      .map((value) => () => value),
    fc.integer({ min: 100, max: 4000 }).map((n) => () => `session=${'A'.repeat(n)}`),
    fc.constant(() => `session=${session}; session=forged; cart=%00`),
    fc.constantFrom('cart=garbage', 'cart=gst_00000000000000000000000000').map((value) => () => value),
  );

  const extraHeaders = fc.record(
    {
      'idempotency-key': fc.oneof(
        fc
          .string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(...'abcXYZ019-_.:/ ') })
          .map((s) => s.trim() || 'k'),
        fc.constantFrom('x'.repeat(300), '../../etc', '%00', 'null', 'Ã©Ã'),
      ),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage, ::1, 999.999.1.1', '', '127.0.0.1, 127.0.0.1'),
      'if-none-match': fc.constantFrom('*', 'W/"x"', '"', 'x'.repeat(500)),
      accept: fc.constantFrom('application/xml', '*/*', 'text/html;q=0', ''),
      'x-request-id': fc.constantFrom('../../x', 'x'.repeat(400), '<script>', 'Ã'),
      traceparent: fc.constantFrom('00-zzzz-zzzz-01', `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`, 'garbage'),
    },
    { requiredKeys: [] },
  );

  function hostileRequest(
    method: Method,
    template: string,
    operation: DocumentedOperation,
  ): fc.Arbitrary<RawRequest> {
    const pathParameters = operation.parameters.filter((p) => p.in === 'path');
    const path = fc
      .tuple(...pathParameters.map(pathValue))
      .map((values) =>
        pathParameters.reduce(
          (filled, parameter, i) => filled.replace(`{${parameter.name}}`, values[i]!),
          template,
        ),
      );
    const sendsBody = method === 'post' || method === 'patch' || method === 'put';
    const body: fc.Arbitrary<{ body?: string; type?: string }> = sendsBody
      ? bodyFor(operation.requestBody?.content['application/json'].schema)
      : fc.oneof(fc.constant<{ body?: string; type?: string }>({}), bodyFor(undefined), fc.constant({}));
    const verb = fc.oneof(
      { weight: 6, arbitrary: fc.constant(method.toUpperCase()) },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
    );
    return fc
      .record({
        verb,
        path,
        query: queryString(operation.parameters.filter((p) => p.in === 'query')),
        body,
        cookie: cookieHeader,
        extra: extraHeaders,
      })
      .map(({ verb, path, query, body, cookie, extra }) => {
        const cookieValue = cookie();
        return {
          method: verb,
          path: `${path}${query}`,
          headers: {
            ...extra,
            ...(cookieValue === undefined ? {} : { cookie: cookieValue }),
            ...(body.type === undefined ? {} : { 'content-type': body.type }),
          },
          body: body.body,
        };
      });
  }

  it.each([
    ['GET', '/api/products/%'],
    ['GET', '/api/products/%zz'],
    ['GET', '/api/products/%E0%A4%A'],
    ['DELETE', '/api/cart/items/%'],
    ['GET', '/api/orders/%C0'],
  ])(
    'answers %s %s (a broken percent-encoding) 400 problem+json at the edge, for the Lambdas and the services alike',
    async (method, path) => {
      const answer = await send({ method, path, headers: {} });
      expect(answer.status).toBe(400);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.text)).toMatchObject({ status: 400, code: 'REQUEST.BAD_URL' });
      expect(JSON.parse(answer.text).requestId).toMatch(/^[\w-]+$/);
    },
  );

  it.each([
    ['session=%zz', 'session=%zz'],
    ['=;=;', '=;=;'],
    ['session', 'session'],
    ['a=b; a=c; ""=x', 'a=b; a=c; ""=x'],
    ['a 4,000-character session', `session=${'A'.repeat(4000)}`],
  ])(
    'answers a catalog read with the malformed Cookie header %s like any other (API Gateway passes cookies on unread)',
    async (_label, cookie) => {
      const answer = await send({ method: 'GET', path: '/api/categories', headers: { cookie } });
      expect(answer.status).toBe(200);
    },
  );

  it.each([
    ['POST', '/api/cart/items', 64],
    ['POST', '/api/auth/login', 1024],
    ['PATCH', '/api/cart/items/SKU-1', 200],
    ['POST', '/api/checkout', 5 * 1024],
  ])(
    'refuses a %s %s body of %d KiB with 413 problem+json (the services take 16 KiB)',
    async (method, path, kib) => {
      const answer = await send({
        method,
        path,
        headers: {
          'content-type': 'application/json',
          cookie: `session=${session}`,
          'idempotency-key': 'big',
        },
        body: JSON.stringify({ sku: 'x'.repeat(kib * 1024) }),
      });
      expect(answer.status).toBe(413);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    },
  );

  it('answers a body sent to a catalog route (Lambda: GET only) with 405 problem+json, whatever its size', async () => {
    const answer = await send({
      method: 'POST',
      path: '/api/products',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(answer.status).toBe(405);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
  });

  it("takes the storefront's own writes through the edge and refuses another site's with 403 problem+json", async () => {
    const write = (origin: string) =>
      send({
        method: 'POST',
        path: '/api/events',
        headers: { 'content-type': 'application/json', origin, host: edge.host },
        body: JSON.stringify({ events: [] }),
      });
    expect((await write(edge.origin)).status).toBeLessThan(500);
    expect((await write(edge.origin)).status).not.toBe(403);
    const refused = await write('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    const preflight = await send({
      method: 'OPTIONS',
      path: '/api/cart/items',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
  });

  /**
   * The one answer of the local API Gateway stand-in (serverless-offline's hapi) that is not the functions': hapi
   * checks the Content-Type of any body it is sent, even unread, and refuses a malformed one itself. API Gateway
   * passes the body on, so on AWS the function answers (405 for a body on a GET-only catalog route).
   */
  const standInRefusal = (answer: RawAnswer) =>
    answer.status === 400 &&
    /^\{"statusCode":400,"error":"Bad Request","message":"Invalid content-type header/.test(answer.text);

  const describeCall = (call: RawRequest, answer: RawAnswer) =>
    `${call.method} ${call.path.slice(0, 300)} headers=${JSON.stringify(call.headers).slice(0, 400)} body=${String(
      call.body,
    ).slice(0, 300)}\n  -> ${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;

  it.each(shopOperations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.method, o.path] as const))(
    '%s',
    async (_label, method, template) => {
      const operation = doc.paths[template]?.[method as Method];
      expect(operation, `the served document has ${method} ${template}`).toBeDefined();
      await fc.assert(
        fc.asyncProperty(hostileRequest(method as Method, template, operation!), async (call) => {
          const answer = await send(call);
          const context = describeCall(call, answer);
          expect(answer.status, context).toBeLessThan(500);
          if (answer.status >= 400 && call.method !== 'HEAD' && !standInRefusal(answer))
            expect(answer.contentType, context).toMatch(/^application\/problem\+json/);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    },
    90_000,
  );
});
