import * as z from 'zod/mini';

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodMiniObject;
  params?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** Required request headers, by name (the schema's description says what they mean). */
  headers?: z.ZodMiniObject;
  /** `required`: 401 without a valid session cookie; `optional`: a session changes whose data it is. */
  session?: 'required' | 'optional';
  /**
   * What the use case answers (status to description and body schema; no schema: a problem for errors, no body
   * otherwise). The answers every operation of its shape shares (400, 401, 413, 415, default) are added.
   */
  responses: Record<number, { description: string; schema?: z.ZodMiniType }>;
  /**
   * Query parameters that must not be above another when both are given (`[low, high]`, e.g. a price range): JSON
   * Schema cannot say it per parameter, so the document carries it as `x-not-above`.
   */
  notAbove?: [string, string][];
}

/** The session cookie the users service sets at login and registration. */
export const SESSION_COOKIE_NAME = 'session';

/** Methods whose body the services' framework reads (and may reject) whether or not the operation takes one. */
const BODY_METHODS = new Set<Operation['method']>(['post', 'put', 'patch', 'delete']);

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};
const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** A zod schema as JSON Schema, to embed in the document (which says its dialect once, for all of them). */
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output') {
  const { $schema: _dialect, ...embedded } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return embedded as { properties?: Record<string, { description?: string }>; required?: string[] };
}

/** The answers an operation gives because of its shape, so that none can be left out of the document. */
function shapeResponses(operation: Operation): Record<number, string> {
  const readsBody = BODY_METHODS.has(operation.method);
  const responses: Record<number, string> = {};
  if (readsBody || operation.query || operation.params || operation.headers)
    responses[400] = 'The request is malformed or fails validation; `errors` names each field';
  if (operation.session === 'required') responses[401] = 'No valid session: log in first';
  if (readsBody) {
    responses[413] = 'The body is larger than the services accept (16 KiB)';
    responses[415] = 'The body is not application/json';
  }
  return responses;
}

function responsesOf(operation: Operation) {
  const described = {
    ...Object.fromEntries(
      Object.entries(shapeResponses(operation)).map(([status, description]) => [status, { description }]),
    ),
    ...operation.responses,
  } as Record<string, { description: string; schema?: z.ZodMiniType }>;
  const responses: Record<string, unknown> = {};
  for (const [status, { description, schema }] of Object.entries(described)) {
    const isError = Number(status) >= 400;
    responses[status] = {
      description,
      ...(status === '429'
        ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      ...(schema
        ? { content: { 'application/json': { schema: jsonSchema(schema, 'output') } } }
        : isError
          ? { content: problemContent }
          : {}),
    };
  }
  responses.default = {
    description: 'Unexpected: 500 (quote its requestId) or 503 while a service restarts',
    content: problemContent,
  };
  return responses;
}

/**
 * Query, path and header parameters. A parameter shows the value the route accepts after parsing (`limit` is an
 * integer 1..100, not the digits it arrives as), and whether it is required as the client sends it.
 */
function parameters(schema: z.ZodMiniObject | undefined, where: 'query' | 'path' | 'header') {
  if (!schema) return [];
  const sent = jsonSchema(schema, 'input');
  return Object.entries(jsonSchema(schema, 'output').properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (sent.required ?? []).includes(name),
    description: property.description,
    schema: property,
  }));
}

function security(operation: Operation) {
  if (operation.session === 'required') return { security: [{ session: [] }] };
  if (operation.session === 'optional') return { security: [{}, { session: [] }] };
  return {};
}

/** An OpenAPI 3.1 document generated from the same zod schemas that validate the requests. */
export function openApiDocument(info: { title: string; version: string }, operations: Operation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = {
      summary: operation.summary,
      tags: [operation.tag],
      ...security(operation),
      parameters: [
        ...parameters(operation.params, 'path'),
        ...parameters(operation.query, 'query'),
        ...parameters(operation.headers, 'header'),
      ],
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(operation.body, 'input') } },
            },
          }
        : {}),
      responses: responsesOf(operation),
      ...(operation.notAbove ? { 'x-not-above': operation.notAbove } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      ...info,
      description:
        'Every error is application/problem+json. A documented path called with a method it does not take ' +
        'answers 405 with an Allow header; a path that is not documented answers 404. A request line and ' +
        'headers over 16 KiB are refused (431) before any operation sees them.',
    },
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE_NAME,
          description: 'HttpOnly cookie set by POST /api/auth/login and /api/auth/register',
        },
      },
    },
  };
}
