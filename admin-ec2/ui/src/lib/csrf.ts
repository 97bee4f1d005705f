/** The CSRF cookie the server sets at login (readable on purpose; the session cookie beside it is HttpOnly). */
export const CSRF_COOKIE = 'admin_csrf';

/** The value of `name` in a `document.cookie` string, or undefined. */
export function cookieValue(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Headers for a request: a write carries the CSRF token, a read does not need it. */
export function csrfHeaders(method: string, cookies: string): Record<string, string> {
  if (method === 'GET' || method === 'HEAD') return {};
  const token = cookieValue(cookies, CSRF_COOKIE);
  return token ? { 'x-csrf-token': token } : {};
}
