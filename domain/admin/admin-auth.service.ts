import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, rateLimited, unauthorized } from '../shared/errors.js';
import type { PasswordHasher, RateLimiter } from '../users/users.ports.js';
import { hashToken as digest } from '../users/users.service.js';
import type { Admin } from './admin.js';
import type { AdminRepository, AdminSessionRepository } from './admin.ports.js';
import { type AdminPermission, can } from './roles.js';
import { verifyTotp } from './totp.js';

/** Admin sessions are short: an operator's laptop left open is a door to the whole shop. */
export const ADMIN_SESSION_SECONDS = 8 * 3600;

export interface IssuedAdminSession {
  admin: Admin;
  /** HttpOnly cookie; only its hash is stored. */
  token: string;
  /** Sent back by the admin UI in a header on every write; only its hash is stored. */
  csrfToken: string;
  expiresAt: string;
}

export interface AdminAuthLimits {
  perIp: { limit: number; windowSeconds: number };
  perAccount: { limit: number; windowSeconds: number };
}

export const DEFAULT_ADMIN_AUTH_LIMITS: AdminAuthLimits = {
  perIp: { limit: 20, windowSeconds: 900 },
  perAccount: { limit: 10, windowSeconds: 900 },
};

const wrongCredentials = () =>
  unauthorized('ADMIN.INVALID_CREDENTIALS', 'email, password or authenticator code is wrong');

export const forbidden = (permission: AdminPermission) =>
  new DomainError('ADMIN.FORBIDDEN', 'forbidden', `your role may not do this (needs ${permission})`);

/** Admin login with password and TOTP, sessions with a CSRF token, and the permission check every route makes. */
export class AdminAuthService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly admins: AdminRepository,
    private readonly sessions: AdminSessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly limits: AdminAuthLimits = DEFAULT_ADMIN_AUTH_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** One answer for every failure (unknown email, wrong password, wrong or reused code), rate limited. */
  async login(input: {
    email: string;
    password: string;
    code: string;
    ip: string;
  }): Promise<IssuedAdminSession> {
    const email = input.email.normalize('NFKC').trim().toLowerCase();
    await this.enforce(`admin-login:ip:${input.ip}`, this.limits.perIp);
    await this.enforce(`admin-login:account:${email}`, this.limits.perAccount);
    const found = await this.admins.findByEmail(email);
    const passwordOk = found
      ? await this.hasher.verify(found.passwordHash, input.password)
      : await this.hasher.verify(await this.dummy(), input.password).then(() => false);
    if (!found || !passwordOk) throw wrongCredentials();
    const step = verifyTotp(found.totpSecret, input.code.replace(/\s/g, ''), this.now(), found.lastTotpStep);
    if (step === null || !(await this.admins.useTotpStep(found.admin.id, step))) throw wrongCredentials();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now() + ADMIN_SESSION_SECONDS * 1000).toISOString();
    await this.sessions.create(digest(token), {
      adminId: found.admin.id,
      csrfHash: digest(csrfToken),
      expiresAt,
    });
    return { admin: found.admin, token, csrfToken, expiresAt };
  }

  async logout(token: string): Promise<void> {
    await this.sessions.delete(digest(token));
  }

  /**
   * The admin behind a session cookie, allowed `permission`: 401 without a live session, 403 for a role without the
   * permission; a write (`csrfToken` given as `write`) also needs the session's CSRF token, else 403.
   */
  async authorize(
    token: string | undefined,
    /** null: any signed-in admin (their own profile, logout). */
    permission: AdminPermission | null,
    write?: { csrfToken: string | undefined },
  ): Promise<Admin> {
    if (!token || token.length > 128) throw unauthorized('ADMIN.NO_SESSION', 'log in to the admin first');
    const session = await this.sessions.find(digest(token));
    if (!session || Date.parse(session.expiresAt) <= this.now())
      throw unauthorized('ADMIN.SESSION_EXPIRED', 'your admin session has ended: log in again');
    if (write) {
      const presented = Buffer.from(digest(write.csrfToken ?? ''));
      const expected = Buffer.from(session.csrfHash);
      if (!write.csrfToken || presented.length !== expected.length || !timingSafeEqual(presented, expected))
        throw new DomainError(
          'ADMIN.CSRF',
          'forbidden',
          'missing or wrong CSRF token: reload the admin and retry',
        );
    }
    if (permission && !can(session.admin.role, permission)) throw forbidden(permission);
    return session.admin;
  }

  private async enforce(key: string, rule: { limit: number; windowSeconds: number }) {
    const decision = await this.limiter.hit(key, rule.limit, rule.windowSeconds);
    if (!decision.allowed)
      throw rateLimited(
        'ADMIN.TOO_MANY_ATTEMPTS',
        'too many admin login attempts: wait',
        decision.retryAfterSeconds,
      );
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
