import { ApiError, type RequestOptions, request } from '../../../../web/src/api/http';
import { csrfHeaders } from '../lib/csrf';

export { ApiError };

export const LOGIN_PATH = '/admin/api/login';

let sessionEnded: () => void = () => {};
/** What to do when the server says the session is gone (401): the app sends the user to the login. */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

/**
 * A call to the admin API: writes carry the CSRF token from the admin_csrf cookie; a 401 on anything but the login
 * itself ends the session in the UI. Failures throw ApiError (problem+json read into words).
 */
export async function adminApi<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  try {
    const answer = await request<T>(path, {
      ...options,
      headers: { ...csrfHeaders(method, document.cookie), ...options.headers },
    });
    return answer.body;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && path !== LOGIN_PATH) sessionEnded();
    throw error;
  }
}

/** A path with its query, leaving out empty values: `withQuery('/x', { q: 'a', cursor: '' })` is `/x?q=a`. */
export function withQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The route is not on this server (yet): another part of the admin is still being rolled out. */
export const isMissingRoute = (error: ApiError) => error.status === 404 && error.code === 'HTTP.NO_ROUTE';
