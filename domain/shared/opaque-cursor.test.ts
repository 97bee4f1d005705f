import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './opaque-cursor.js';

const json = fc.jsonValue();

describe('opaque cursor', () => {
  it('round-trips any JSON payload', () => {
    fc.assert(
      fc.property(json, (payload) => {
        expect(decodeCursor(encodeCursor(payload))).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
    );
  });

  it('rejects every single-character edit with PAGINATION.BAD_CURSOR', () => {
    const cursor = encodeCursor({ q: '*|newest', id: 'prd_01J8ZZZZZZZZZZZZZZZZZZZZZZ', k: '2026-01-01' });
    fc.assert(
      fc.property(fc.nat(cursor.length - 1), fc.constantFrom(...'ABCxyz019-_.'), (position, replacement) => {
        fc.pre(cursor[position] !== replacement);
        const edited = cursor.slice(0, position) + replacement + cursor.slice(position + 1);
        expect(() => decodeCursor(edited)).toThrow(
          expect.objectContaining({ code: 'PAGINATION.BAD_CURSOR' }),
        );
      }),
    );
  });

  it('rejects arbitrary strings without crashing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (text) => {
        try {
          decodeCursor(text);
        } catch (error) {
          expect(error).toMatchObject({ code: 'PAGINATION.BAD_CURSOR', kind: 'invalid' });
        }
      }),
    );
  });
});
