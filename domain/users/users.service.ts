import { createHash, randomBytes } from 'node:crypto';
import type { CacheAside } from '../shared/cache-aside.js';
import { rateLimited, unauthorized } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { checkPassword, normalizeEmail, type User } from './user.js';
import type {
  AccountNotices,
  ActiveSession,
  PasswordHasher,
  RateLimiter,
  SessionRepository,
  UserRepository,
} from './users.ports.js';

interface Limit {
  limit: number;
  windowSeconds: number;
}

export interface AuthLimits {
  /** Login attempts from one address, whatever the account. */
  loginPerIp: Limit;
  /** Failed-guess budget for one account from one address. */
  loginPerAccountAndIp: Limit;
  /** One account from every address together: high enough that one attacker cannot lock its owner out alone. */
  loginPerAccount: Limit;
  /** Registrations from one address: each costs an argon2id hash (19 MiB). */
  registerPerIp: Limit;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  loginPerIp: { limit: 30, windowSeconds: 300 },
  loginPerAccountAndIp: { limit: 8, windowSeconds: 900 },
  loginPerAccount: { limit: 100, windowSeconds: 900 },
  registerPerIp: { limit: 20, windowSeconds: 600 },
};

export const SESSION_LIFETIME_SECONDS = 30 * 24 * 3600;
/**
 * A session is cached for at most a second: a logout (or a revoked session) takes effect in every process within
 * 1 s, even with an in-process cache that the logout cannot reach or a Redis that missed the invalidation.
 */
const SESSION_CACHE_SECONDS = 1;

export interface IssuedSession {
  user: User;
  /** Goes to the client in an HttpOnly cookie; only its hash is stored. */
  token: string;
  expiresAt: string;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const sessionKey = (tokenHash: string) => `session:${tokenHash}`;
const invalidCredentials = () => unauthorized('AUTH.INVALID_CREDENTIALS', 'email or password is wrong');

/** Accounts and sessions: register, log in (rate limited, one answer for every failure), log out, who am I. */
export class UsersService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly cache: CacheAside,
    private readonly notices: AccountNotices,
    private readonly limits: AuthLimits = DEFAULT_AUTH_LIMITS,
  ) {}

  /**
   * A new email and one that already has an account get the same answer, so registration cannot tell anyone which
   * addresses have accounts. For a taken email no account or session is created (the session token leads nowhere)
   * and the owner is told through `notices`.
   */
  async register(input: {
    email: string;
    password: string;
    name: string;
    ip: string;
  }): Promise<IssuedSession> {
    await this.enforce(`register:ip:${input.ip}`, this.limits.registerPerIp, 'too many registrations');
    const email = normalizeEmail(input.email);
    checkPassword(input.password);
    const user: User = {
      id: newId('usr'),
      email,
      name: input.name.trim(),
      createdAt: new Date().toISOString(),
    };
    const outcome = await this.users.create(user, await this.hasher.hash(input.password));
    if (outcome === 'email_taken') {
      await this.notices.registrationForExistingAccount(email);
      return { user, token: randomBytes(32).toString('base64url'), expiresAt: this.sessionExpiry() };
    }
    return this.issueSession(user);
  }

  async login(input: { email: string; password: string; ip: string }): Promise<IssuedSession> {
    const email = input.email.normalize('NFKC').trim().toLowerCase();
    await this.enforce(`login:ip:${input.ip}`, this.limits.loginPerIp);
    await this.enforce(`login:account-ip:${email}:${input.ip}`, this.limits.loginPerAccountAndIp);
    await this.enforce(`login:account:${email}`, this.limits.loginPerAccount);
    const found = await this.users.findByEmail(email);
    // Verify against a throwaway hash for unknown emails so both failures take the same time.
    const valid = found
      ? await this.hasher.verify(found.passwordHash, input.password)
      : await this.hasher.verify(await this.dummy(), input.password).then(() => false);
    if (!found || !valid) throw invalidCredentials();
    await this.limiter.reset(`login:account-ip:${email}:${input.ip}`);
    return this.issueSession(found.user);
  }

  async logout(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    await this.sessions.delete(tokenHash);
    await this.cache.invalidate([sessionKey(tokenHash)]);
  }

  /** The user behind a session token; an unknown, expired or revoked token is a 401. */
  async authenticate(token: string | undefined): Promise<User> {
    if (!token || token.length > 128) throw unauthorized('AUTH.NO_SESSION', 'log in first');
    const tokenHash = hashToken(token);
    const session = await this.cache.read<ActiveSession | null>(
      sessionKey(tokenHash),
      (found) => (found ? SESSION_CACHE_SECONDS : 5),
      () => this.sessions.find(tokenHash),
    );
    if (!session || Date.parse(session.expiresAt) <= Date.now()) {
      throw unauthorized('AUTH.SESSION_EXPIRED', 'your session has ended: log in again');
    }
    return session.user;
  }

  private async issueSession(user: User): Promise<IssuedSession> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.sessionExpiry();
    await this.sessions.create(hashToken(token), { userId: user.id, expiresAt });
    return { user, token, expiresAt };
  }

  private sessionExpiry(): string {
    return new Date(Date.now() + SESSION_LIFETIME_SECONDS * 1000).toISOString();
  }

  private async enforce(key: string, rule: Limit, what = 'too many login attempts'): Promise<void> {
    const decision = await this.limiter.hit(key, rule.limit, rule.windowSeconds);
    if (!decision.allowed) {
      throw rateLimited('AUTH.TOO_MANY_ATTEMPTS', `${what}: wait and try again`, decision.retryAfterSeconds);
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
