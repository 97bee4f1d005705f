import * as z from 'zod/mini';

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodMiniObject;
  params?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** Required request headers, by name, with what they mean. */
  headers?: Record<string, string>;
  /** Status code to response body schema (null: no body). */
  responses: Record<number, { description: string; schema?: z.ZodMiniType }>;
}

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

function parameters(schema: z.ZodMiniObject | undefined, where: 'query' | 'path') {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    description: property.description,
    schema: property,
  }));
}

/** An OpenAPI 3.1 document generated from the same zod schemas that validate the requests. */
export function openApiDocument(info: { title: string; version: string }, operations: Operation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const responses = Object.fromEntries(
      Object.entries(operation.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.schema
            ? {
                content: {
                  'application/json': { schema: z.toJSONSchema(response.schema, { io: 'output' }) },
                },
              }
            : {}),
        },
      ]),
    );
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = {
      summary: operation.summary,
      tags: [operation.tag],
      parameters: [
        ...parameters(operation.params, 'path'),
        ...parameters(operation.query, 'query'),
        ...Object.entries(operation.headers ?? {}).map(([name, description]) => ({
          name,
          in: 'header',
          required: true,
          description,
          schema: { type: 'string' },
        })),
      ],
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(operation.body, { io: 'input' }) } },
            },
          }
        : {}),
      responses: {
        ...responses,
        '4XX': { description: 'Problem', content: { 'application/problem+json': { schema: problemSchema } } },
        '5XX': { description: 'Problem', content: { 'application/problem+json': { schema: problemSchema } } },
      },
    };
  }
  return { openapi: '3.1.0', info, paths };
}
