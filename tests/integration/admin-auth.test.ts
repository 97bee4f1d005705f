import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../adapters/cache/memory.rate-limiter.js';
import { Argon2PasswordHasher } from '../../adapters/crypto/argon2.password-hasher.js';
import {
  PostgresAdminRepository,
  PostgresAdminSessionRepository,
  PostgresAuditLog,
} from '../../adapters/postgres/admin.postgres.adapter.js';
import type { PostgresHandle } from '../../adapters/postgres/connect.js';
import { AdminAuthService } from '../../domain/admin/admin-auth.service.js';
import { ADMIN_PERMISSIONS, ADMIN_ROLES, type AdminRole, can } from '../../domain/admin/roles.js';
import { newTotpSecret, totpCode } from '../../domain/admin/totp.js';
import { newId } from '../../domain/shared/ids.js';
import { freshDatabase } from '../support/postgres.js';

const PASSWORD = 'admin-password-1';

function adminAuthSuite(name: string, serverUrl?: string) {
  describe(`admin login, TOTP, roles, CSRF and the audit log on ${name}`, () => {
    let handle: PostgresHandle;
    let clock = Date.UTC(2026, 10, 25, 12, 0, 5);
    const hasher = new Argon2PasswordHasher({ memoryCost: 8_192, timeCost: 1 });
    let admins: PostgresAdminRepository;
    let service: AdminAuthService;
    const secrets = new Map<AdminRole, { email: string; secret: string }>();

    beforeAll(async () => {
      handle = await freshDatabase(serverUrl);
      admins = new PostgresAdminRepository(handle.db);
      service = new AdminAuthService(
        admins,
        new PostgresAdminSessionRepository(handle.db),
        hasher,
        new MemoryRateLimiter(),
        { perIp: { limit: 1000, windowSeconds: 60 }, perAccount: { limit: 1000, windowSeconds: 60 } },
        () => clock,
      );
      const passwordHash = await hasher.hash(PASSWORD);
      for (const role of ADMIN_ROLES) {
        const email = `${role}@admin.local`;
        const secret = newTotpSecret();
        const admin = { id: newId('adm'), email, name: role, role, createdAt: new Date().toISOString() };
        expect(await admins.create(admin, passwordHash, secret)).toBe('created');
        secrets.set(role, { email, secret });
      }
    }, 60_000);
    afterAll(() => handle?.close());

    /** A fresh code: each login moves the clock to the next step, as a real operator's would. */
    const login = async (role: AdminRole) => {
      clock += 30_000;
      const { email, secret } = secrets.get(role)!;
      return service.login({ email, password: PASSWORD, code: totpCode(secret, clock), ip: '10.0.0.1' });
    };

    it('logs in with password and the current code; every wrong part gets the same 401', async () => {
      const session = await login('owner');
      expect(session.admin.role).toBe('owner');
      expect(session.token).not.toBe(session.csrfToken);
      const { email, secret } = secrets.get('support')!;
      clock += 30_000;
      const code = totpCode(secret, clock);
      const attempts = [
        { email, password: 'wrong-password', code },
        { email, password: PASSWORD, code: code === '000000' ? '111111' : '000000' },
        { email: 'nobody@admin.local', password: PASSWORD, code },
        { email, password: PASSWORD, code: totpCode(secret, clock + 120_000) },
      ];
      for (const attempt of attempts) {
        await expect(service.login({ ...attempt, ip: '10.0.0.2' })).rejects.toMatchObject({
          kind: 'unauthorized',
          code: 'ADMIN.INVALID_CREDENTIALS',
        });
      }
    });

    it('never accepts a code twice, even by two logins at the same moment', async () => {
      clock += 30_000;
      const { email, secret } = secrets.get('catalog_manager')!;
      const code = totpCode(secret, clock);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => service.login({ email, password: PASSWORD, code, ip: '10.0.0.3' })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      await expect(service.login({ email, password: PASSWORD, code, ip: '10.0.0.3' })).rejects.toMatchObject({
        kind: 'unauthorized',
      });
    });

    it('allows each role exactly its permissions (the one table), and 401 without a live session', async () => {
      for (const role of ADMIN_ROLES) {
        const { token } = await login(role);
        for (const permission of ADMIN_PERMISSIONS) {
          const answer = service.authorize(token, permission);
          if (can(role, permission)) await expect(answer).resolves.toMatchObject({ role });
          else await expect(answer).rejects.toMatchObject({ kind: 'forbidden', code: 'ADMIN.FORBIDDEN' });
        }
      }
      expect(can('support', 'orders:refund')).toBe(false);
      expect(can('catalog_manager', 'orders:read')).toBe(false);
      await expect(service.authorize(undefined, 'catalog:read')).rejects.toMatchObject({
        kind: 'unauthorized',
      });
      await expect(service.authorize('forged-token', 'catalog:read')).rejects.toMatchObject({
        kind: 'unauthorized',
      });
    });

    it('refuses a write without the CSRF token of the session (403), and a session after logout or expiry (401)', async () => {
      const session = await login('owner');
      const other = await login('owner');
      await expect(
        service.authorize(session.token, 'catalog:write', { csrfToken: undefined }),
      ).rejects.toMatchObject({ kind: 'forbidden', code: 'ADMIN.CSRF' });
      await expect(
        service.authorize(session.token, 'catalog:write', { csrfToken: other.csrfToken }),
      ).rejects.toMatchObject({ code: 'ADMIN.CSRF' });
      await expect(
        service.authorize(session.token, 'catalog:write', { csrfToken: session.csrfToken }),
      ).resolves.toMatchObject({ role: 'owner' });
      await service.logout(session.token);
      await expect(service.authorize(session.token, 'catalog:read')).rejects.toMatchObject({
        kind: 'unauthorized',
      });
      clock += 9 * 3600 * 1000;
      await expect(service.authorize(other.token, 'catalog:read')).rejects.toMatchObject({
        code: 'ADMIN.SESSION_EXPIRED',
      });
    });

    it('keeps every audit row, newest first, filtered and keyset-paged without gaps or repeats', async () => {
      const log = new PostgresAuditLog(handle.db);
      const owner = (await admins.findByEmail('owner@admin.local'))!.admin;
      const written: string[] = [];
      for (let i = 0; i < 25; i++) {
        const id = newId('aud', Date.now() + i);
        written.push(id);
        await log.record({
          id,
          adminId: owner.id,
          adminEmail: owner.email,
          action: i % 5 === 0 ? 'stock.adjust' : 'product.update',
          targetType: 'product',
          targetId: `prd_${i % 3}`,
          before: { price: i },
          after: { price: i + 1 },
          ...(i % 5 === 0 ? { reason: 'recount' } : {}),
          at: new Date().toISOString(),
        });
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await log.list({ adminId: owner.id }, 7, cursor);
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...written].reverse());
      const adjustments = await log.list({ action: 'stock.adjust' }, 50);
      expect(adjustments.items).toHaveLength(5);
      expect(adjustments.items[0]).toMatchObject({
        reason: 'recount',
        before: { price: 20 },
        after: { price: 21 },
      });
      expect((await log.list({ targetId: 'prd_1' }, 50)).items).toHaveLength(8);
    });
  });
}

adminAuthSuite('PGlite');
if (process.env.DATABASE_URL) adminAuthSuite('PostgreSQL', process.env.DATABASE_URL);
