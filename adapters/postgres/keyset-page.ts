import { sql } from 'kysely';
import * as z from 'zod/mini';
import { badCursor, decodeCursor, encodeCursor } from '../../domain/shared/opaque-cursor.js';

/** Tables paged newest first on (created_at, id), and the kind prefix of their ids. */
const PREFIX = { orders: 'ord', users: 'usr' } as const;

/**
 * The condition "after the cursor's row" in (created_at DESC, id DESC) order. The cursor names the last row of the
 * previous page; its position is read back by primary key, so timestamps never travel (or lose microseconds) in it.
 */
export function afterCursor(table: keyof typeof PREFIX, cursor: string) {
  const pattern = new RegExp(`^${PREFIX[table]}_[0-9A-HJKMNP-TV-Z]{26}$`);
  const parsed = z.object({ after: z.string().check(z.regex(pattern)) }).safeParse(decodeCursor(cursor));
  if (!parsed.success) throw badCursor();
  return sql<boolean>`(created_at, id) < (select c.created_at, c.id from ${sql.table(table)} c where c.id = ${parsed.data.after})`;
}

/** A page from `limit + 1` rows: the first `limit`, and a cursor when there was one more. */
export function pageOf<T extends { id: string }>(rows: readonly T[], limit: number) {
  const shown = rows.slice(0, limit);
  return { shown, nextCursor: rows.length > limit ? encodeCursor({ after: shown.at(-1)!.id }) : null };
}
