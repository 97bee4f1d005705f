import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redact.js';

describe('redactCredentials', () => {
  it('hides user info and secret query parameters, and keeps where the URL points', () => {
    expect(redactCredentials('postgres://shop:hunter2@db.internal:5432/shop?sslmode=require')).toBe(
      'postgres://***@db.internal:5432/shop?sslmode=require',
    );
    expect(redactCredentials('rediss://:s3cret@cache:6379')).toBe('rediss://***@cache:6379');
    expect(redactCredentials('https://pay.example/v1?api_key=abc&x=1')).toBe(
      'https://pay.example/v1?api_key=***&x=1',
    );
    expect(redactCredentials('postgres://u:p@ss/w@rd@host db')).toBe('postgres://***@host db');
  });

  it('never shows a password, whatever characters it has and whether or not the value is a valid URL', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('postgres', 'postgresql', 'redis', 'rediss', 'https'),
        fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/\s/.test(s)),
        fc.string({ minLength: 6, maxLength: 24 }).filter((s) => !/\s/.test(s)),
        fc.constantFrom('db.internal:5432/shop', 'host', '/tmp/sock', '', 'h:99999/x y'),
        (scheme, user, password, rest) => {
          const shown = redactCredentials(`${scheme}://${user}:${password}@${rest}`);
          expect(shown).not.toContain(`:${password}@`);
          expect(shown.includes(password) ? rest.includes(password) || scheme.includes(password) : true).toBe(
            true,
          );
        },
      ),
    );
  });
});
