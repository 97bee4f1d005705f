import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { Argon2PasswordHasher } from '../adapters/crypto/argon2.password-hasher.js';
import { PostgresAdminRepository } from '../adapters/postgres/admin.postgres.adapter.js';
import { connectPostgres } from '../adapters/postgres/connect.js';
import type { Database } from '../adapters/postgres/database.js';
import { SalesRollup } from '../adapters/postgres/sales-reports.postgres.adapter.js';
import type { AdminRole } from '../domain/admin/roles.js';
import { newTotpSecret, otpauthUri, totpCode } from '../domain/admin/totp.js';
import { newId } from '../domain/shared/ids.js';
import { startProcess, waitForHttp } from './processes.js';
import { progress } from './progress.js';
import { generateHistory } from './seed/demo-history.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

/** The local admins: one per role, so each role's screens can be tried. Passwords are for this machine only. */
export const DEMO_ADMINS: readonly { email: string; name: string; role: AdminRole; password: string }[] = [
  { email: 'owner@admin.shop.local', name: 'Demo Owner', role: 'owner', password: 'owner-demo-pass' },
  {
    email: 'catalog@admin.shop.local',
    name: 'Demo Catalog Manager',
    role: 'catalog_manager',
    password: 'catalog-demo-pass',
  },
  { email: 'support@admin.shop.local', name: 'Demo Support', role: 'support', password: 'support-demo-pass' },
];

/** Where the demo admins' TOTP secrets live: the data folder (generated once per machine, never in the code). */
export const demoAdminsFile = (dataDir: string) => join(dataDir, 'admin-demo.json');

export interface DemoAdminSecrets {
  [email: string]: string;
}

export const readDemoAdminSecrets = (dataDir: string): DemoAdminSecrets | null =>
  existsSync(demoAdminsFile(dataDir)) ? JSON.parse(readFileSync(demoAdminsFile(dataDir), 'utf8')) : null;

export interface AdminOptions {
  port: number;
  dataDir: string;
  /** The primary (PGlite socket or PostgreSQL server), already migrated. */
  databaseUrl: string;
  /** A streaming replica of that server, for the analytics. */
  replicaDatabaseUrl?: string;
  /** Orders in the demo history written on the first start (0: none). */
  demoHistoryOrders: number;
  seedProducts: number;
  env: NodeJS.ProcessEnv;
  quiet: boolean;
  log: (line: string) => void;
  /** Every line the admin process writes (the log collector's sink). */
  onLogLine?: (line: string) => void;
}

/**
 * The admin server as on its EC2 instance, as a child process: demo admins (one per role, TOTP secrets kept in the
 * data folder) and, on the first start, a small sales history so the dashboard has something to show.
 */
export async function startAdmin(options: AdminOptions) {
  const handle = await connectPostgres({
    kind: 'server',
    url: options.databaseUrl,
    maxConnections: 2,
    statementTimeoutMs: 120_000,
    applicationName: 'admin-local-setup',
  });
  let secrets: DemoAdminSecrets;
  try {
    secrets = await ensureDemoAdmins(handle.db, options.dataDir);
    await ensureDemoHistory(handle.db, options);
  } finally {
    await handle.close();
  }
  const child = startProcess({
    name: 'admin',
    command: process.execPath,
    args: [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'admin-ec2', 'main.ts')],
    cwd: ROOT,
    env: {
      ...options.env,
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      // Only a replica of this shop's own database; embedded there is none, so the analytics read the primary (and
      // the dashboard says so). Never whatever replica the surrounding environment names.
      REPLICA_DATABASE_URL: options.replicaDatabaseUrl ?? '',
      ROLLUP_REFRESH_SECONDS: '60',
      TRUSTED_PROXY_HOPS: '0',
      SECURE_COOKIES: 'false',
      STAGE: 'local',
    },
    logFile: join(options.dataDir, 'logs', 'admin.log'),
    onLine: options.onLogLine,
  });
  const url = `http://localhost:${options.port}`;
  await waitForHttp(`http://127.0.0.1:${options.port}/ready`, 120_000, child.child).catch(
    async (error: Error) => {
      await child.stop();
      throw new Error(
        `the admin did not start: ${error.message}. See ${join(options.dataDir, 'logs', 'admin.log')}`,
      );
    },
  );
  return {
    url,
    process: child,
    admins: DEMO_ADMINS.map((admin) => ({ ...admin, totpSecret: secrets[admin.email]! })),
    stop: () => child.stop(),
  };
}

async function ensureDemoAdmins(db: Kysely<Database>, dataDir: string): Promise<DemoAdminSecrets> {
  const known = readDemoAdminSecrets(dataDir) ?? {};
  const repository = new PostgresAdminRepository(db);
  // Demo passwords only: a cheap hash keeps the first start quick.
  const hasher = new Argon2PasswordHasher({ memoryCost: 8_192, timeCost: 1 });
  for (const admin of DEMO_ADMINS) {
    if (known[admin.email] && (await repository.findByEmail(admin.email))) continue;
    const secret = newTotpSecret();
    const outcome = await repository.create(
      {
        id: newId('adm'),
        email: admin.email,
        name: admin.name,
        role: admin.role,
        createdAt: new Date().toISOString(),
      },
      await hasher.hash(admin.password),
      secret,
    );
    if (outcome === 'created') known[admin.email] = secret;
  }
  writeFileSync(demoAdminsFile(dataDir), `${JSON.stringify(known, null, 2)}\n`, { mode: 0o600 });
  return known;
}

async function ensureDemoHistory(db: Kysely<Database>, options: AdminOptions): Promise<void> {
  const marker = join(options.dataDir, 'demo-history.json');
  if (options.demoHistoryOrders === 0 || existsSync(marker)) return;
  const bar = progress('Demo sales history', options.demoHistoryOrders, options.quiet);
  await generateHistory(db, {
    orders: options.demoHistoryOrders,
    days: 90,
    products: options.seedProducts,
    onProgress: (n) => bar.tick(n),
  });
  bar.done();
  await new SalesRollup(db).refresh();
  writeFileSync(marker, JSON.stringify({ orders: options.demoHistoryOrders, at: new Date().toISOString() }));
}

/** The current code of each demo admin (npm run admin:code). */
export const demoAdminCodes = (secrets: DemoAdminSecrets, now = Date.now()) =>
  Object.entries(secrets).map(([email, secret]) => ({
    email,
    code: totpCode(secret, now),
    uri: otpauthUri('Shop admin (local)', email, secret),
  }));
