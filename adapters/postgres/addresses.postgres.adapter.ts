import { type Kysely, sql } from 'kysely';
import * as z from 'zod/mini';
import type { AddressBook, SavedAddress } from '../../domain/orders/address-book.js';
import type { ShippingCountry } from '../../domain/orders/shipping.js';
import type { Database } from './database.js';

const row = z.object({
  id: z.string(),
  name: z.string(),
  line1: z.string(),
  line2: z.nullable(z.string()),
  city: z.string(),
  region: z.nullable(z.string()),
  postal_code: z.string(),
  country: z.string(),
  created_at: z.union([z.date(), z.string()]),
});

/** A row as the contract shows it: optional lines absent (not null), in the order the fields are always shown. */
function toSaved(value: unknown): SavedAddress {
  const r = row.parse(value);
  return {
    id: r.id,
    name: r.name,
    line1: r.line1,
    ...(r.line2 === null ? {} : { line2: r.line2 }),
    city: r.city,
    ...(r.region === null ? {} : { region: r.region }),
    postalCode: r.postal_code,
    // char(2) pads; the checkout checks the shop still ships there before using it.
    country: r.country.trim() as ShippingCountry,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Saved addresses in PostgreSQL, one user's at a time. */
export class PostgresAddressBook implements AddressBook {
  constructor(private readonly db: Kysely<Database>) {}

  async list(userId: string): Promise<SavedAddress[]> {
    const rows = await this.db
      .selectFrom('addresses')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toSaved);
  }

  add(userId: string, address: SavedAddress, limit: number): Promise<'added' | 'full'> {
    return this.db.transaction().execute(async (trx) => {
      // The user's row is the lock: concurrent adds for one user count and insert one at a time, so the limit holds.
      const owner = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', userId)
        .forNoKeyUpdate()
        .executeTakeFirst();
      if (!owner) throw new Error(`no user ${userId}`);
      const held = await trx
        .selectFrom('addresses')
        .select(sql<string>`count(*)`.as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      if (Number(held.n) >= limit) return 'full' as const;
      await trx
        .insertInto('addresses')
        .values({
          id: address.id,
          user_id: userId,
          name: address.name,
          line1: address.line1,
          line2: address.line2 ?? null,
          city: address.city,
          region: address.region ?? null,
          postal_code: address.postalCode,
          country: address.country,
          created_at: new Date(address.createdAt),
        })
        .execute();
      return 'added' as const;
    });
  }

  async get(userId: string, id: string): Promise<SavedAddress | null> {
    const found = await this.db
      .selectFrom('addresses')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return found ? toSaved(found) : null;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const removed = await this.db
      .deleteFrom('addresses')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(removed.numDeletedRows) > 0;
  }
}
