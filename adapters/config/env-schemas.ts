import * as z from 'zod/mini';

/** Building blocks for environment schemas; an empty variable counts as unset. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

export const optionalUrl = (hint: string) => z.pipe(z.transform(unsetIfEmpty), z.optional(z.url(hint)));

export const milliseconds = (fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, 'must be a whole number of milliseconds')),
      z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(60_000))),
    ),
    fallback,
  );

export const logLevel = z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info');

/**
 * Stages where test doubles may stand in (the test card gateway, plain-HTTP cookies). Every other stage is a real
 * deployment: a missing payment, database or secret setting stops it at start-up instead of falling back.
 */
export const DEVELOPMENT_STAGES: readonly string[] = ['local', 'ci'];
export const isDevelopmentStage = (name: string) => DEVELOPMENT_STAGES.includes(name);

export const stage = z._default(
  z.string().check(z.regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes')),
  'local',
);

/** A duration in whole seconds, 0 allowed (e.g. "do not cache"). */
export const seconds = (fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, 'must be a whole number of seconds')),
      z.pipe(z.transform(Number), z.int().check(z.minimum(0), z.maximum(86_400))),
    ),
    fallback,
  );

/** A whole number between min and max (ports, counts, sizes). */
export const integer = (fallback: number, min: number, max: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/, 'must be a whole number')),
      z.pipe(z.transform(Number), z.int().check(z.minimum(min), z.maximum(max))),
    ),
    fallback,
  );

/** Comma-separated origins (`https://shop.example.com`), each exactly as a browser sends it in Origin. */
export const originList = z._default(
  z.pipe(
    z.string().check(
      z.refine(
        (text) =>
          text
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
            .every((item) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(item)),
        'must be comma-separated origins such as https://shop.example.com (scheme, host and port only)',
      ),
    ),
    z.transform((text) =>
      text
        .split(',')
        .map((item) => item.trim().toLowerCase())
        .filter(Boolean),
    ),
  ),
  [],
);

/**
 * What a service behind the edge protects itself with: requests per client address per route per minute, by the
 * class each route declares (reads, writes, checkouts), and the origins other than its own that browsers may call
 * it from (CORS).
 */
export const serviceProtectionEnv = {
  RATE_LIMIT_READS_PER_MINUTE: integer(600, 1, 10_000_000),
  RATE_LIMIT_WRITES_PER_MINUTE: integer(120, 1, 10_000_000),
  RATE_LIMIT_CHECKOUTS_PER_MINUTE: integer(20, 1, 10_000_000),
  CORS_ALLOWED_ORIGINS: originList,
};
