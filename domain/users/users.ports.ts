import type { User } from './user.js';

export interface UserRepository {
  /** `email_taken` when the normalised email already has an account. */
  create(user: User, passwordHash: string): Promise<'created' | 'email_taken'>;
  findByEmail(email: string): Promise<{ user: User; passwordHash: string } | null>;
  findById(id: string): Promise<User | null>;
}

export interface NewSession {
  userId: string;
  expiresAt: string;
}

export interface ActiveSession {
  user: User;
  expiresAt: string;
}

/** Sessions are stored by the hash of their token, never the token. */
export interface SessionRepository {
  create(tokenHash: string, session: NewSession): Promise<void>;
  /** The session with its user, in one read. */
  find(tokenHash: string): Promise<ActiveSession | null>;
  delete(tokenHash: string): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * A token bucket per key: `limit` attempts at once, refilled at `limit` per `windowSeconds`, so a steady caller
 * gets `limit` per window and a burst never more than `limit`. A refused attempt takes nothing.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision>;
  reset(key: string): Promise<void>;
}

/**
 * Messages to account owners. Registration answers a taken email exactly like a new one, so the owner (not the
 * caller) learns that someone tried: a shop sends an email ("someone tried to register with your address; if it was
 * you, log in or reset your password").
 */
export interface AccountNotices {
  registrationForExistingAccount(email: string): Promise<void>;
}
