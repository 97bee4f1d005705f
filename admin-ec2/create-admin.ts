/**
 * npm run admin:create -- --email owner@example.com --name "Ada" --role owner
 * Creates an admin account on DATABASE_URL (the primary). The password comes from ADMIN_PASSWORD or standard input
 * (never an argument: it would sit in the shell history and the process list). Prints the TOTP secret and the
 * otpauth:// URI to add to an authenticator app, once.
 */
import { parseArgs } from 'node:util';
import { Argon2PasswordHasher } from '../adapters/crypto/argon2.password-hasher.js';
import { PostgresAdminRepository } from '../adapters/postgres/admin.postgres.adapter.js';
import { connectPostgres } from '../adapters/postgres/connect.js';
import { migrateToLatest } from '../adapters/postgres/migrate.js';
import { ADMIN_ROLES, isAdminRole } from '../domain/admin/roles.js';
import { newTotpSecret, otpauthUri } from '../domain/admin/totp.js';
import { newId } from '../domain/shared/ids.js';
import { checkPassword, normalizeEmail } from '../domain/users/user.js';

const usage = `usage: npm run admin:create -- --email <email> --name <name> --role <${ADMIN_ROLES.join('|')}>
  password: ADMIN_PASSWORD, or typed on standard input; DATABASE_URL: the primary`;

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
});
if (!values.email || !values.name || !values.role || !isAdminRole(values.role)) {
  console.error(usage);
  process.exit(2);
}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(`DATABASE_URL is not set\n${usage}`);
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  process.stderr.write('Password (at least 10 characters): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

const password = await readPassword();
try {
  checkPassword(password);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const email = normalizeEmail(values.email);
const handle = await connectPostgres({
  kind: 'server',
  url: databaseUrl,
  maxConnections: 1,
  statementTimeoutMs: 30_000,
  applicationName: 'admin-create',
});
try {
  await migrateToLatest(handle.db);
  const secret = newTotpSecret();
  const outcome = await new PostgresAdminRepository(handle.db).create(
    {
      id: newId('adm'),
      email,
      name: values.name.trim(),
      role: values.role,
      createdAt: new Date().toISOString(),
    },
    await new Argon2PasswordHasher().hash(password),
    secret,
  );
  if (outcome === 'email_taken') {
    console.error(`${email} already has an admin account`);
    process.exitCode = 1;
  } else {
    console.log(`Admin ${email} (${values.role}) created.`);
    console.log('Add this to an authenticator app now; it is not shown again:');
    console.log(`  secret: ${secret}`);
    console.log(`  uri:    ${otpauthUri('Shop admin', email, secret)}`);
  }
} finally {
  await handle.close();
}
