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
import {
  type AuthLimits,
  DEFAULT_AUTH_LIMITS,
  hashToken,
  UsersService,
} from '../../domain/users/users.service.js';

/** The user and session repositories (and the service over them), against every PostgreSQL they run on. */
export function usersRepositoryContract(name: string, open: () => Promise<PostgresHandle>) {
  describe(`UserRepository + SessionRepository contract: ${name}`, () => {
    const using =
      (
        test: (ctx: {
          users: PostgresUserRepository;
          sessions: PostgresSessionRepository;
          service: UsersService;
          notices: string[];
        }) => Promise<void>,
        limits?: AuthLimits,
      ) =>
      async () => {
        const handle = await open();
        try {
          const users = new PostgresUserRepository(handle.db);
          const sessions = new PostgresSessionRepository(handle.db);
          const notices: string[] = [];
          const service = new UsersService(
            users,
            sessions,
            new Argon2PasswordHasher(),
            new MemoryRateLimiter(),
            new CacheAside(new LruCache({ maxEntries: 100, maxBytes: 1e6 })),
            { registrationForExistingAccount: async (email) => void notices.push(email) },
            limits,
          );
          await test({ users, sessions, service, notices });
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
      'registers with a normalised email, answers a duplicate like a new one without touching the account, logs in, and rejects an expired session',
      using(async ({ sessions, service, notices }) => {
        const ip = '192.0.2.1';
        const registered = await service.register({
          email: '  Mixed.Case@Example.COM ',
          password: 'long-enough-1',
          name: 'M',
          ip,
        });
        expect(registered.user.email).toBe('mixed.case@example.com');
        const duplicate = await service.register({
          email: 'MIXED.case@example.com',
          password: 'attacker-password-1',
          name: 'Mallory',
          ip,
        });
        expect(Object.keys(duplicate.user).sort()).toEqual(Object.keys(registered.user).sort());
        expect(duplicate.user.id).not.toBe(registered.user.id);
        await expect(service.authenticate(duplicate.token)).rejects.toMatchObject({ kind: 'unauthorized' });
        await expect(
          service.login({ email: 'mixed.case@example.com', password: 'attacker-password-1', ip }),
        ).rejects.toMatchObject({ code: 'AUTH.INVALID_CREDENTIALS' });
        expect(notices).toEqual(['mixed.case@example.com']);
        await expect(
          service.register({ email: 'short@example.com', password: 'too-short', name: 'S', ip }),
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

    it(
      'limits registrations per address, and failed logins per account and address without letting one address lock the owner out',
      using(
        async ({ service }) => {
          for (let i = 0; i < 2; i++)
            await service.register({
              email: `r${i}@example.com`,
              password: 'long-enough-1',
              name: 'R',
              ip: '198.51.100.7',
            });
          await expect(
            service.register({
              email: 'r9@example.com',
              password: 'long-enough-1',
              name: 'R',
              ip: '198.51.100.7',
            }),
          ).rejects.toMatchObject({ kind: 'rate_limited' });
          await service.register({
            email: 'r9@example.com',
            password: 'long-enough-1',
            name: 'R',
            ip: '198.51.100.8',
          });

          for (let i = 0; i < 3; i++)
            await expect(
              service.login({ email: 'r0@example.com', password: 'wrong-guess-1', ip: '203.0.113.66' }),
            ).rejects.toMatchObject({ code: 'AUTH.INVALID_CREDENTIALS' });
          await expect(
            service.login({ email: 'r0@example.com', password: 'wrong-guess-1', ip: '203.0.113.66' }),
          ).rejects.toMatchObject({ kind: 'rate_limited' });
          const owner = await service.login({
            email: 'r0@example.com',
            password: 'long-enough-1',
            ip: '192.0.2.44',
          });
          expect(owner.user.email).toBe('r0@example.com');
        },
        {
          ...DEFAULT_AUTH_LIMITS,
          registerPerIp: { limit: 2, windowSeconds: 600 },
          loginPerAccountAndIp: { limit: 3, windowSeconds: 900 },
        },
      ),
    );
  });
}
