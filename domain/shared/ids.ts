import { ulid } from 'ulid';

/** Ids are a kind prefix over a ULID: sortable by creation time, readable in logs, never confused across kinds. */
export type IdKind =
  | 'prd'
  | 'cat'
  | 'ord'
  | 'cart'
  | 'usr'
  | 'gst'
  | 'pay'
  | 'req'
  | 'adr'
  | 'adm'
  | 'aud'
  | 'img';

/** `random` lets the demo seed produce the same ids on every machine. */
export const newId = (kind: IdKind, now: number = Date.now(), random?: () => number): string =>
  `${kind}_${ulid(now, random)}`;

const ID_PATTERN = /^[a-z]{3,4}_[0-9A-HJKMNP-TV-Z]{26}$/;

export const isId = (kind: IdKind, value: string): boolean =>
  value.startsWith(`${kind}_`) && ID_PATTERN.test(value);
