import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import type { Admin, AuditEntry } from '../../domain/admin/admin.js';
import type {
  AdminCredentials,
  AdminRepository,
  AdminSession,
  AdminSessionRepository,
  AuditFilter,
  AuditLog,
} from '../../domain/admin/admin.ports.js';
import { ADMIN_ROLES } from '../../domain/admin/roles.js';
import type { Database } from './database.js';
import { jsonValue } from './sql-values.js';

const adminRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ADMIN_ROLES),
  created_at: z.union([z.date(), z.string()]),
});
const toAdmin = (row: unknown): Admin => {
  const r = adminRow.parse(row);
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    createdAt: new Date(r.created_at).toISOString(),
  };
};

export class PostgresAdminRepository implements AdminRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(admin: Admin, passwordHash: string, totpSecret: string): Promise<'created' | 'email_taken'> {
    const inserted = await this.db
      .insertInto('admin_users')
      .values({
        id: admin.id,
        email: admin.email,
        name: admin.name,
        role: admin.role,
        password_hash: passwordHash,
        totp_secret: totpSecret,
        created_at: new Date(admin.createdAt),
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted ? 'created' : 'email_taken';
  }

  async findByEmail(email: string): Promise<AdminCredentials | null> {
    const row = await this.db
      .selectFrom('admin_users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirst();
    if (!row) return null;
    return {
      admin: toAdmin(row),
      passwordHash: row.password_hash,
      totpSecret: row.totp_secret,
      lastTotpStep: row.last_totp_step === null ? null : Number(row.last_totp_step),
    };
  }

  async useTotpStep(adminId: string, step: number): Promise<boolean> {
    const updated = await this.db
      .updateTable('admin_users')
      .set({ last_totp_step: step })
      .where('id', '=', adminId)
      .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', String(step))]))
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }
}

export class PostgresAdminSessionRepository implements AdminSessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(tokenHash: string, session: { adminId: string; csrfHash: string; expiresAt: string }) {
    await this.db
      .insertInto('admin_sessions')
      .values({
        token_hash: tokenHash,
        admin_id: session.adminId,
        csrf_hash: session.csrfHash,
        expires_at: new Date(session.expiresAt),
      })
      .execute();
  }

  async find(tokenHash: string): Promise<AdminSession | null> {
    const row = await this.db
      .selectFrom('admin_sessions as s')
      .innerJoin('admin_users as a', 'a.id', 's.admin_id')
      .select(['a.id', 'a.email', 'a.name', 'a.role', 'a.created_at', 's.csrf_hash', 's.expires_at'])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return null;
    return {
      admin: toAdmin(row),
      csrfHash: row.csrf_hash,
      expiresAt: new Date(row.expires_at).toISOString(),
    };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash).execute();
  }
}

const auditRow = z.object({
  id: z.string(),
  admin_id: z.string(),
  admin_email: z.string(),
  action: z.string(),
  target_type: z.string(),
  target_id: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.nullable(z.string()),
  at: z.union([z.date(), z.string()]),
});

export class PostgresAuditLog implements AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: entry.id,
        admin_id: entry.adminId,
        admin_email: entry.adminEmail,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        before: jsonValue(entry.before),
        after: jsonValue(entry.after),
        reason: entry.reason ?? null,
        at: new Date(entry.at),
      })
      .execute();
  }

  /** Keyset paging on the ULID id (time order); the cursor is the last id of the page. */
  async list(filter: AuditFilter, limit: number, cursor?: string) {
    let query = this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (cursor) query = query.where('id', '<', cursor);
    if (filter.adminId) query = query.where('admin_id', '=', filter.adminId);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
    if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
    if (filter.from) query = query.where('at', '>=', new Date(filter.from));
    if (filter.to) query = query.where('at', '<', new Date(filter.to));
    const rows = (await query.execute()).map((row) => auditRow.parse(row));
    const page = rows.slice(0, limit);
    const items: AuditEntry[] = page.map((r) => ({
      id: r.id,
      adminId: r.admin_id,
      adminEmail: r.admin_email,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: r.before ?? null,
      after: r.after ?? null,
      ...(r.reason === null ? {} : { reason: r.reason }),
      at: new Date(r.at).toISOString(),
    }));
    return { items, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
  }
}
