import { type Kysely, sql } from 'kysely';

const UP = [
  // Operators are not shoppers: their own table, sessions and login (password + TOTP), never a users row.
  `CREATE TABLE admin_users (
    id text PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('owner', 'catalog_manager', 'support')),
    password_hash text NOT NULL,
    totp_secret text NOT NULL,
    last_totp_step bigint,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE admin_sessions (
    token_hash text PRIMARY KEY,
    admin_id text NOT NULL REFERENCES admin_users(id) ON DELETE CASCADE,
    csrf_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  )`,
  `CREATE INDEX admin_sessions_admin ON admin_sessions(admin_id)`,
  // Append-only: the services never update or delete a row (the admin role on AWS gets INSERT and SELECT only).
  `CREATE TABLE audit_log (
    id text PRIMARY KEY,
    admin_id text NOT NULL REFERENCES admin_users(id),
    admin_email text NOT NULL,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    before json,
    after json,
    reason text,
    at timestamptz NOT NULL DEFAULT now()
  )`,
  // Ids are ULIDs, so id order is time order: one keyset index serves "newest first" with or without a filter below.
  `CREATE INDEX audit_log_target ON audit_log(target_type, target_id, id DESC)`,
  `CREATE INDEX audit_log_admin ON audit_log(admin_id, id DESC)`,
  `CREATE INDEX audit_log_action ON audit_log(action, id DESC)`,
];

const DOWN = [`DROP TABLE audit_log`, `DROP TABLE admin_sessions`, `DROP TABLE admin_users`];

/** Admin accounts (roles, TOTP), their sessions (with a CSRF token hash) and the audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
