import type * as z from 'zod/mini';
import { DomainError, type ErrorKind, type FieldError } from '../../domain/shared/errors.js';

/** RFC 9457 problem details, the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
  requestId?: string;
}

const STATUS: Record<ErrorKind, { status: number; title: string }> = {
  invalid: { status: 400, title: 'Bad Request' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  payment_required: { status: 402, title: 'Payment Required' },
  not_found: { status: 404, title: 'Not Found' },
  method_not_allowed: { status: 405, title: 'Method Not Allowed' },
  request_timeout: { status: 408, title: 'Request Timeout' },
  conflict: { status: 409, title: 'Conflict' },
  unprocessable: { status: 422, title: 'Unprocessable Content' },
  rate_limited: { status: 429, title: 'Too Many Requests' },
  too_large: { status: 413, title: 'Content Too Large' },
  uri_too_long: { status: 414, title: 'URI Too Long' },
  unsupported_media_type: { status: 415, title: 'Unsupported Media Type' },
  headers_too_large: { status: 431, title: 'Request Header Fields Too Large' },
  unavailable: { status: 503, title: 'Service Unavailable' },
};

/** The error kind an HTTP status stands for, for errors that arrive with a status but no kind (the framework's). */
export function kindForStatus(status: number): ErrorKind | undefined {
  return (Object.keys(STATUS) as ErrorKind[]).find((kind) => STATUS[kind].status === status);
}

const typeFor = (code: string) => `/problems/${code.toLowerCase().replace(/[._]/g, '-')}`;

/** Parses one part of a request with its schema; a failure is a 400 problem naming each field. */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw problemFromZod(result.error, where);
  return result.data;
}

export function problemFromZod(error: z.core.$ZodError, where: string): DomainError {
  const fields = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const detail = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
  return new DomainError('REQUEST.INVALID', 'invalid', detail, fields);
}

/**
 * The DomainError a thrown value is or wraps: a library that wraps what an adapter threw (ElectroDB wraps the DynamoDB
 * client's errors) keeps it as its `cause`.
 */
export function domainErrorOf(error: unknown): DomainError | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof DomainError) return current;
    current = current.cause;
  }
  return undefined;
}

/** Maps any thrown value to a problem; unknown errors become a 500 that says nothing about internals. */
export function toProblem(thrown: unknown, requestId: string): Problem {
  const error = domainErrorOf(thrown);
  if (error) {
    const { status, title } = STATUS[error.kind];
    return {
      type: typeFor(error.code),
      title,
      status,
      detail: error.message,
      code: error.code,
      ...(error.fields.length > 0 ? { errors: error.fields } : {}),
      requestId,
    };
  }
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: `Something went wrong on our side. If it persists, contact support and quote request id ${requestId}.`,
    requestId,
  };
}

/** A known path called with a method it does not take: 405, and the methods it does take go in `Allow`. */
export class MethodNotAllowed extends DomainError {
  constructor(
    path: string,
    method: string,
    readonly allowed: readonly string[],
  ) {
    super(
      'HTTP.METHOD_NOT_ALLOWED',
      'method_not_allowed',
      `${path} does not take ${method}; it takes ${allowed.join(', ')}`,
    );
  }
}
