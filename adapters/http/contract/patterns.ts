import type { IdKind } from '../../../domain/shared/ids.js';

/**
 * Regexes for the contract, composed from the domain's own so that one rule both validates a request and shows
 * up in the OpenAPI document (JSON Schema keeps a single `pattern` per string).
 */

const body = (pattern: RegExp) => pattern.source.replace(/^\^/, '').replace(/\$$/, '');

/** Matches what any of the anchored patterns matches. */
export const anyOf = (...patterns: RegExp[]) => new RegExp(`^(?:${patterns.map(body).join('|')})$`);

/** The pattern with surrounding whitespace allowed, for input the domain trims before it checks it. */
export const trimmed = (pattern: RegExp) => new RegExp(`^\\s*(?:${body(pattern)})\\s*$`);

/** A prefixed ULID, as `newId` in domain/shared/ids.ts makes them (Crockford base32, no I, L, O or U). */
export const idOf = (kind: IdKind) => new RegExp(`^${kind}_[0-9A-HJKMNP-TV-Z]{26}$`);
