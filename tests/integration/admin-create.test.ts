import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../adapters/cache/memory.rate-limiter.js';
import { Argon2PasswordHasher } from '../../adapters/crypto/argon2.password-hasher.js';
import {
  PostgresAdminRepository,
  PostgresAdminSessionRepository,
} from '../../adapters/postgres/admin.postgres.adapter.js';
import type { Database } from '../../adapters/postgres/database.js';
import { AdminAuthService } from '../../domain/admin/admin-auth.service.js';
import { totpCode } from '../../domain/admin/totp.js';
import { PgliteServer } from '../../local/pglite-server.js';
import { freePort } from '../support/free-port.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'owner-password-1';

/** npm run admin:create: the first owner of a fresh database, who can then log in with the printed TOTP secret. */
describe('admin:create', () => {
  let pglite: PGlite;
  let server: PgliteServer;
  let db: Kysely<Database>;
  let url: string;

  beforeAll(async () => {
    pglite = await PGlite.create();
    db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    const port = await freePort();
    server = new PgliteServer(pglite, { port, maxConnections: 5 });
    await server.start();
    url = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  });
  afterAll(async () => {
    await server?.stop();
    await pglite?.close();
  });

  const create = (args: string[], password: string) =>
    run(process.execPath, ['--import', 'tsx', 'admin-ec2/create-admin.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, ADMIN_PASSWORD: password },
    }).then(
      (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
      (failed: { code: number; stdout: string; stderr: string }) => failed,
    );

  it('creates an owner whose printed secret logs in; the password appears nowhere', async () => {
    const made = await create(['--email', 'Owner@Example.com', '--name', 'Ada', '--role', 'owner'], PASSWORD);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout + made.stderr).not.toContain(PASSWORD);
    const secret = made.stdout.match(/secret: ([A-Z2-7]+)/)![1]!;
    expect(made.stdout).toContain(`otpauth://totp/Shop%20admin%3Aowner%40example.com?secret=${secret}`);
    const auth = new AdminAuthService(
      new PostgresAdminRepository(db),
      new PostgresAdminSessionRepository(db),
      new Argon2PasswordHasher(),
      new MemoryRateLimiter(),
    );
    const session = await auth.login({
      email: 'owner@example.com',
      password: PASSWORD,
      code: totpCode(secret, Date.now()),
      ip: '127.0.0.1',
    });
    expect(session.admin).toMatchObject({ email: 'owner@example.com', name: 'Ada', role: 'owner' });
  }, 60_000);

  it('refuses a taken email (exit 1), a short password or an unknown role (exit 2)', async () => {
    const again = await create(
      ['--email', 'owner@example.com', '--name', 'B', '--role', 'support'],
      PASSWORD,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has an admin account');
    expect((await create(['--email', 'x@example.com', '--name', 'X', '--role', 'owner'], 'short')).code).toBe(
      2,
    );
    const role = await create(['--email', 'y@example.com', '--name', 'Y', '--role', 'root'], PASSWORD);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role <owner|catalog_manager|support>');
  }, 60_000);
});
