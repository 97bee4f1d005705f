import { createHash, randomBytes } from 'node:crypto';
import type { CacheAside } from '../shared/cache-aside.js';
import { conflict, rateLimited, unauthorized } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { checkPassword, normalizeEmail, type User } from './user.js';
import type {
  ActiveSession,
  PasswordHasher,
  RateLimiter,
  SessionRepository,
  UserRepository,
} from './users.ports.js';

export interface LoginLimits {
  perIp: { limit: number; windowSeconds: number };
  perAccount: { limit: number; windowSeconds: number };
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perIp: { limit: 30, windowSeconds: 300 },
  perAccount: { limit: 8, windowSeconds: 900 },
};

export const SESSION_LIFETIME_SECONDS = 30 * 24 * 3600;
const SESSION_CACHE_SECONDS = 300;

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
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  async register(input: { email: string; password: string; name: string }): Promise<IssuedSession> {
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
      throw conflict('USERS.EMAIL_TAKEN', 'an account with this email exists: log in instead', [
        { path: 'body.email', message: 'already registered' },
      ]);
    }
    return this.issueSession(user);
  }

  async login(input: { email: string; password: string; ip: string }): Promise<IssuedSession> {
    const email = input.email.normalize('NFKC').trim().toLowerCase();
    await this.enforce(`login:ip:${input.ip}`, this.limits.perIp);
    await this.enforce(`login:account:${email}`, this.limits.perAccount);
    const found = await this.users.findByEmail(email);
    // Verify against a throwaway hash for unknown emails so both failures take the same time.
    const valid = found
      ? await this.hasher.verify(found.passwordHash, input.password)
      : await this.hasher.verify(await this.dummy(), input.password).then(() => false);
    if (!found || !valid) throw invalidCredentials();
    await this.limiter.reset(`login:account:${email}`);
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
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_SECONDS * 1000).toISOString();
    await this.sessions.create(hashToken(token), { userId: user.id, expiresAt });
    return { user, token, expiresAt };
  }

  private async enforce(key: string, rule: { limit: number; windowSeconds: number }): Promise<void> {
    const decision = await this.limiter.hit(key, rule.limit, rule.windowSeconds);
    if (!decision.allowed) {
      throw rateLimited(
        'AUTH.TOO_MANY_ATTEMPTS',
        'too many login attempts: wait and try again',
        decision.retryAfterSeconds,
      );
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }
}
