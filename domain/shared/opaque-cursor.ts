import { createHash } from 'node:crypto';
import { invalid } from './errors.js';

/**
 * A cursor is base64url(JSON) plus a digest of it. Cursors are not secrets: they only position a public
 * listing. The digest makes an edited or truncated cursor a clear 400 rather than a confusing page, and the
 * reader still validates every field it decodes.
 */
const DIGEST_LENGTH = 16;

const digest = (body: string) =>
  createHash('sha256').update(`cursor:v1:${body}`).digest('base64url').slice(0, DIGEST_LENGTH);

export function encodeCursor(payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${digest(body)}`;
}

export const badCursor = () =>
  invalid('PAGINATION.BAD_CURSOR', 'cursor is malformed or was altered; start again without a cursor', [
    { path: 'cursor', message: 'not a cursor this API issued' },
  ]);

export function decodeCursor(cursor: string): unknown {
  const [body, mac, extra] = cursor.split('.');
  if (!body || !mac || extra !== undefined || cursor.length > 2048 || mac !== digest(body)) throw badCursor();
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
}
