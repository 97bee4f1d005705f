import * as z from 'zod/mini';

/** Query building blocks every admin area shares. */
export const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'));

/** A page size in the query: 1 to 100. */
export const pageSize = (fallback: number) =>
  z._default(
    z.pipe(
      z.string().check(z.regex(/^\d+$/)),
      z.pipe(z.transform(Number), z.int().check(z.minimum(1), z.maximum(100))),
    ),
    fallback,
  );
