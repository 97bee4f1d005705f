/**
 * Errors carry a dotted code (`CATALOG.PRODUCT_NOT_FOUND`) and a kind that an edge maps to an HTTP status.
 * Expected business failures that callers branch on are returned as results instead; these are for
 * requests that cannot go on.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  /** Signed in, but this account may not do this. */
  | 'forbidden'
  | 'payment_required'
  | 'not_found'
  /** The path exists, but not with this method. */
  | 'method_not_allowed'
  | 'request_timeout'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited'
  | 'too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'headers_too_large'
  | 'unavailable';

export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly fields: FieldError[] = [],
    /** For rate limits and unavailability: when trying again makes sense. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string) => new DomainError(code, 'not_found', message);
export const invalid = (code: string, message: string, fields: FieldError[] = []) =>
  new DomainError(code, 'invalid', message, fields);

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
export const unauthorized = (code: string, message: string) => new DomainError(code, 'unauthorized', message);
export const unprocessable = (code: string, message: string, fields: FieldError[] = []) =>
  new DomainError(code, 'unprocessable', message, fields);
export const conflict = (code: string, message: string, fields: FieldError[] = []) =>
  new DomainError(code, 'conflict', message, fields);
export const rateLimited = (code: string, message: string, retryAfterSeconds: number) =>
  new DomainError(code, 'rate_limited', message, [], retryAfterSeconds);
