import type { Admin, AuditEntry } from './admin.js';

export interface AdminCredentials {
  admin: Admin;
  passwordHash: string;
  totpSecret: string;
  /** The TOTP step of the last code accepted, so no code works twice. */
  lastTotpStep: number | null;
}

export interface AdminRepository {
  create(admin: Admin, passwordHash: string, totpSecret: string): Promise<'created' | 'email_taken'>;
  findByEmail(email: string): Promise<AdminCredentials | null>;
  /**
   * Records `step` as used only if it is after the last used one (one conditional write), so two logins racing with
   * one code cannot both succeed. False when another login used it (or a later one) first.
   */
  useTotpStep(adminId: string, step: number): Promise<boolean>;
}

export interface AdminSession {
  admin: Admin;
  /** The hash of the CSRF token the session was issued with; every write must present the token. */
  csrfHash: string;
  expiresAt: string;
}

/** Admin sessions, stored by the hash of their token (never the token). */
export interface AdminSessionRepository {
  create(tokenHash: string, session: { adminId: string; csrfHash: string; expiresAt: string }): Promise<void>;
  find(tokenHash: string): Promise<AdminSession | null>;
  delete(tokenHash: string): Promise<void>;
}

export interface AuditFilter {
  adminId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first, keyset-paged by the cursor the previous page returned. */
  list(
    filter: AuditFilter,
    limit: number,
    cursor?: string,
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
}
