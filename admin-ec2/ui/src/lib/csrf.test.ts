import { describe, expect, it } from 'vitest';
import { cookieValue, csrfHeaders } from './csrf';

describe('CSRF header', () => {
  const cookies = 'theme=dark; admin_csrf=abc%2B123; other=1';

  it('sends the admin_csrf cookie as X-CSRF-Token on every write', () => {
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'])
      expect(csrfHeaders(method, cookies)).toEqual({ 'x-csrf-token': 'abc+123' });
  });

  it('sends nothing on reads, and nothing when there is no cookie (the server then refuses the write)', () => {
    expect(csrfHeaders('GET', cookies)).toEqual({});
    expect(csrfHeaders('POST', 'theme=dark')).toEqual({});
  });

  it('reads the exact cookie name, not one that merely ends with it', () => {
    expect(cookieValue('xadmin_csrf=evil; admin_csrf=good', 'admin_csrf')).toBe('good');
    expect(cookieValue('admin_csrf=%E0%A4%A', 'admin_csrf')).toBeUndefined();
  });
});
