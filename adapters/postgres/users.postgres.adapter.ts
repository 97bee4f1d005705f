import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import type { User } from '../../domain/users/user.js';
import type {
  ActiveSession,
  NewSession,
  SessionRepository,
  UserRepository,
} from '../../domain/users/users.ports.js';
import type { Database } from './database.js';

const userRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  created_at: z.union([z.date(), z.string()]),
});
const toUser = (row: unknown): User => {
  const parsed = userRow.parse(row);
  return {
    id: parsed.id,
    email: parsed.email,
    name: parsed.name,
    createdAt: new Date(parsed.created_at).toISOString(),
  };
};

export class PostgresUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(user: User, passwordHash: string): Promise<'created' | 'email_taken'> {
    const inserted = await this.db
      .insertInto('users')
      .values({
        id: user.id,
        email: user.email,
        name: user.name,
        password_hash: passwordHash,
        created_at: new Date(user.createdAt),
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted ? 'created' : 'email_taken';
  }

  async findByEmail(email: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? { user: toUser(row), passwordHash: z.string().parse(row.password_hash) } : null;
  }

  async findById(id: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }
}

export class PostgresSessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(tokenHash: string, session: NewSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ token_hash: tokenHash, user_id: session.userId, expires_at: new Date(session.expiresAt) })
      .execute();
  }

  async find(tokenHash: string): Promise<ActiveSession | null> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.email', 'users.name', 'users.created_at', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? { user: toUser(row), expiresAt: new Date(row.expires_at).toISOString() } : null;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }
}
