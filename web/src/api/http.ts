/** A field the server rejected: `path` as the API names it (`body.email`, `body.shippingAddress.country`, `cart.SKU-1`). */
export interface FieldError {
  path: string;
  message: string;
}

/** Any failed API call: an RFC 9457 problem from the server, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly code: string | undefined;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    title: string;
    detail: string;
    code?: string;
    errors?: FieldError[];
    requestId?: string;
    retryAfter?: number;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.code = init.code;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }

  get network(): boolean {
    return this.status === 0;
  }

  /** Worth trying again as is: the network, a timeout, a rate limit or the server's own trouble. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  /**
   * Not there: a 404, or a 400 that rejects the URL's own identifier (`path.idOrSlug`): a mangled link names
   * nothing the shop has, and the shopper should hear that rather than the validator's words.
   */
  isNotFound(parameter: string): boolean {
    return (
      this.status === 404 || (this.status === 400 && this.errors.some((error) => error.path === parameter))
    );
  }

  /** The message for the field whose API path ends with `name` (`email` matches `body.email`). */
  fieldError(name: string): string | undefined {
    return this.errors.find((error) => error.path === name || error.path.endsWith(`.${name}`))?.message;
  }
}

const FALLBACK_DETAIL: Record<number, string> = {
  0: 'We could not reach the shop. Check your connection and try again.',
  401: 'Please log in to continue.',
  404: 'We could not find that.',
  429: 'Too many attempts. Please wait a moment and try again.',
  503: 'This part of the shop is busy right now. Please try again in a moment.',
};

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The raw answer, for callers that act on the status (checkout: 201 confirmed vs 202 pending). */
export async function request<T>(
  path: string,
  options: RequestOptions = {},
): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError({ status: 0, title: 'Network error', detail: FALLBACK_DETAIL[0]! });
  }
  if (response.status === 204) return { status: 204, body: undefined as T };
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (isAbort(error)) throw error;
    if (response.ok) throw new ApiError({ status: 0, title: 'Network error', detail: FALLBACK_DETAIL[0]! });
    body = undefined;
  }
  if (!response.ok) throw problemError(response, body);
  return { status: response.status, body: body as T };
}

function problemError(response: Response, body: unknown): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<{
    title: string;
    detail: string;
    code: string;
    errors: FieldError[];
    requestId: string;
  }>;
  const retryAfter = Number(response.headers.get('retry-after'));
  const status = response.status;
  const detail =
    typeof problem.detail === 'string' && problem.detail
      ? problem.detail
      : (FALLBACK_DETAIL[status] ??
        (status >= 500
          ? 'Something went wrong on our side. Please try again.'
          : `The request failed (${status}).`));
  return new ApiError({
    status,
    title: problem.title ?? response.statusText ?? 'Error',
    detail: detail.charAt(0).toUpperCase() + detail.slice(1),
    code: problem.code,
    errors: Array.isArray(problem.errors) ? problem.errors : [],
    requestId: problem.requestId,
    retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  });
}

/** The body of a successful call; a failure throws ApiError. */
export async function api<T>(path: string, options?: RequestOptions): Promise<T> {
  return (await request<T>(path, options)).body;
}

export { isAbort };
