import { describe, expect, it } from 'vitest';
import { LruCache } from '../../adapters/cache/lru.cache.adapter.js';
import { MemoryRateLimiter } from '../../adapters/cache/memory.rate-limiter.js';
import { Argon2PasswordHasher } from '../../adapters/crypto/argon2.password-hasher.js';
import type { PostgresHandle } from '../../adapters/postgres/connect.js';
import {
  PostgresSessionRepository,
  PostgresUserRepository,
} from '../../adapters/postgres/users.postgres.adapter.js';
import { CacheAside } from '../../domain/shared/cache-aside.js';
import { newId } from '../../domain/shared/ids.js';
import { hashToken, UsersService } from '../../domain/users/users.service.js';

/** The user and session repositories (and the service over them), against every PostgreSQL they run on. */
export function usersRepositoryContract(name: string, open: () => Promise<PostgresHandle>) {
  describe(`UserRepository + SessionRepository contract: ${name}`, () => {
    const using =
      (
        test: (ctx: {
          users: PostgresUserRepository;
          sessions: PostgresSessionRepository;
          service: UsersService;
        }) => Promise<void>,
      ) =>
      async () => {
        const handle = await open();
        try {
          const users = new PostgresUserRepository(handle.db);
          const sessions = new PostgresSessionRepository(handle.db);
          const service = new UsersService(
            users,
            sessions,
            new Argon2PasswordHasher(),
            new MemoryRateLimiter(),
            new CacheAside(new LruCache({ maxEntries: 100, maxBytes: 1e6 })),
          );
          await test({ users, sessions, service });
        } finally {
          await handle.close();
        }
      };
    const someone = () => ({
      id: newId('usr'),
      email: `${Math.random().toString(36).slice(2)}@example.com`,
      name: 'Sam',
      createdAt: new Date('2026-01-01T00:00:00Z').toISOString(),
    });

    it(
      'creates a user once per email and reads it back by email and id',
      using(async ({ users }) => {
        const user = someone();
        expect(await users.create(user, 'hash-1')).toBe('created');
        expect(await users.create({ ...someone(), email: user.email }, 'hash-2')).toBe('email_taken');
        expect(await users.findByEmail(user.email)).toEqual({ user, passwordHash: 'hash-1' });
        expect(await users.findById(user.id)).toEqual(user);
        expect(await users.findById(newId('usr'))).toBeNull();
      }),
    );

    it(
      'stores sessions by token hash, returns them with their user, and forgets deleted ones',
      using(async ({ users, sessions }) => {
        const user = someone();
        await users.create(user, 'h');
        const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
        await sessions.create('token-hash', { userId: user.id, expiresAt });
        expect(await sessions.find('token-hash')).toEqual({ user, expiresAt });
        await sessions.delete('token-hash');
        expect(await sessions.find('token-hash')).toBeNull();
      }),
    );

    it(
      'registers with a normalised email, refuses a duplicate in another case, logs in, and rejects an expired session',
      using(async ({ sessions, service }) => {
        const registered = await service.register({
          email: '  Mixed.Case@Example.COM ',
          password: 'long-enough-1',
          name: 'M',
        });
        expect(registered.user.email).toBe('mixed.case@example.com');
        await expect(
          service.register({ email: 'MIXED.case@example.com', password: 'long-enough-1', name: 'M' }),
        ).rejects.toMatchObject({ code: 'USERS.EMAIL_TAKEN' });
        await expect(
          service.register({ email: 'short@example.com', password: 'too-short', name: 'S' }),
        ).rejects.toMatchObject({ code: 'USERS.WEAK_PASSWORD' });
        const login = await service.login({
          email: 'mixed.case@EXAMPLE.com',
          password: 'long-enough-1',
          ip: '192.0.2.1',
        });
        expect((await service.authenticate(login.token)).id).toBe(registered.user.id);
        const stale = 'expired-session-token';
        await sessions.create(hashToken(stale), {
          userId: registered.user.id,
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        });
        await expect(service.authenticate(stale)).rejects.toMatchObject({
          code: 'AUTH.SESSION_EXPIRED',
          kind: 'unauthorized',
        });
      }),
    );
  });
}
