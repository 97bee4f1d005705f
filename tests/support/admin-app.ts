import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { Kysely, PGliteDialect } from 'kysely';
import { expect } from 'vitest';
import { Argon2PasswordHasher } from '../../adapters/crypto/argon2.password-hasher.js';
import { createServiceApp } from '../../adapters/http/chassis/server.js';
import { createLogger } from '../../adapters/logs/logger.js';
import { PostgresAdminRepository } from '../../adapters/postgres/admin.postgres.adapter.js';
import type { Database } from '../../adapters/postgres/database.js';
import { migrateToLatest } from '../../adapters/postgres/migrate.js';
import { readAdminConfig } from '../../admin-ec2/config.js';
import { type AdminContainer, buildAdminContainer } from '../../admin-ec2/container.js';
import { ADMIN_CSRF_COOKIE, ADMIN_SESSION_COOKIE, adminRoutes } from '../../admin-ec2/routes.js';
import { ADMIN_ROLES, type AdminRole } from '../../domain/admin/roles.js';
import { newTotpSecret, totpCode } from '../../domain/admin/totp.js';
import { newId } from '../../domain/shared/ids.js';
import { PgliteServer } from '../../local/pglite-server.js';
import { type DynamoFixture, startDynalite } from './dynalite.js';
import { freePort } from './free-port.js';
import { freshDatabase } from './postgres.js';
import { startReindexStub } from './reindex-stub.js';

export const ADMIN_TEST_PASSWORD = 'admin-password-1';
export const adminEmail = (role: AdminRole) => `${role}@admin.local`;

export interface AdminApp {
  app: FastifyInstance;
  container: AdminContainer;
  /** The primary, for looking at what the admin wrote. */
  db: Kysely<Database>;
  databaseUrl: string;
  replicaUrl?: string;
  /** The catalog table the catalog area edits (its own dynalite unless `catalog` was given). */
  dynamo: Pick<DynamoFixture, 'client' | 'tables' | 'endpoint'>;
  /** Each role signed in: its session cookie and CSRF token. */
  sessions: Map<AdminRole, { session: string; csrf: string }>;
  secrets: Map<AdminRole, string>;
  /** Headers of a request by `role`: its cookie, and for writes its CSRF token. */
  as(role: AdminRole, write?: boolean): Record<string, string>;
  close(): Promise<void>;
}

/** A migrated primary: a fresh database on DATABASE_URL (and its replica) in CI, else PGlite behind a socket. */
async function primaryDatabase(stops: (() => Promise<void>)[]) {
  if (process.env.DATABASE_URL) {
    const primary = await freshDatabase(process.env.DATABASE_URL);
    stops.push(() => primary.close());
    let replicaUrl: string | undefined;
    if (process.env.REPLICA_DATABASE_URL) {
      const replica = new URL(process.env.REPLICA_DATABASE_URL);
      replica.pathname = new URL(primary.url!).pathname;
      replicaUrl = replica.toString();
    }
    return { db: primary.db, url: primary.url!, replicaUrl };
  }
  const pglite = await PGlite.create();
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  const port = await freePort();
  const server = new PgliteServer(pglite, { port, maxConnections: 40 });
  await server.start();
  stops.push(async () => {
    await server.stop();
    await pglite.close();
  });
  return { db, url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`, replicaUrl: undefined };
}

/**
 * The admin server in this process on the chassis, as on its instance: one admin per role signed in with password
 * and TOTP, every area built. `env` adds or overrides admin settings (the catalog area's table, images, stream...).
 */
export async function startAdminApp(
  options: {
    env?: Record<string, string>;
    catalog?: AdminApp['dynamo'];
    database?: { url: string; db: Kysely<Database> };
  } = {},
): Promise<AdminApp> {
  const stops: (() => Promise<void>)[] = [];
  const primary = options.database
    ? { ...options.database, replicaUrl: undefined }
    : await primaryDatabase(stops);
  let dynamo = options.catalog;
  if (!dynamo) {
    const own = await startDynalite();
    stops.push(() => own.close());
    dynamo = own;
  }
  const search = await startReindexStub();
  stops.push(() => search.close());
  const hasher = new Argon2PasswordHasher({ memoryCost: 8_192, timeCost: 1 });
  const admins = new PostgresAdminRepository(primary.db);
  const secrets = new Map<AdminRole, string>();
  for (const role of ADMIN_ROLES) {
    const secret = newTotpSecret();
    secrets.set(role, secret);
    await admins.create(
      { id: newId('adm'), email: adminEmail(role), name: role, role, createdAt: new Date().toISOString() },
      await hasher.hash(ADMIN_TEST_PASSWORD),
      secret,
    );
  }
  const config = readAdminConfig({
    STAGE: 'ci',
    DATABASE_URL: primary.url,
    ...(primary.replicaUrl ? { REPLICA_DATABASE_URL: primary.replicaUrl } : {}),
    SECURE_COOKIES: 'false',
    TRUSTED_PROXY_HOPS: '0',
    CATALOG_TABLE: dynamo.tables.catalog,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    // Presigning needs no server; a test that uploads gives its own s3rver.
    IMAGES_BUCKET: 'test-images',
    S3_ENDPOINT: 'http://127.0.0.1:9',
    IMAGES_PUBLIC_URL: 'http://127.0.0.1:9/test-images',
    // Whom the search area asks to reindex; a test about indexing gives its own search service.
    SEARCH_SERVICE_URL: search.url,
    ...options.env,
  });
  const logger = createLogger({ service: 'admin-test', level: 'error' });
  let container!: AdminContainer;
  // The replica may need a moment to receive the database and its admins.
  for (let i = 0; ; i++) {
    try {
      container = await buildAdminContainer(config, logger);
      await container.ready();
      break;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const app = await createServiceApp({
    name: 'admin',
    logger,
    ready: () => container.ready(),
    routes: adminRoutes(container, false),
    trustedProxyHops: 0,
  });
  const sessions = new Map<AdminRole, { session: string; csrf: string }>();
  for (const role of ADMIN_ROLES) {
    const answer = await app.inject({
      method: 'POST',
      url: '/admin/api/login',
      payload: {
        email: adminEmail(role),
        password: ADMIN_TEST_PASSWORD,
        code: totpCode(secrets.get(role)!, Date.now()),
      },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const jar = Object.fromEntries(answer.cookies.map((c) => [c.name, c]));
    expect(jar[ADMIN_SESSION_COOKIE]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    expect(jar[ADMIN_CSRF_COOKIE]!.httpOnly).toBeFalsy();
    sessions.set(role, { session: jar[ADMIN_SESSION_COOKIE]!.value, csrf: jar[ADMIN_CSRF_COOKIE]!.value });
  }
  return {
    app,
    container,
    db: primary.db,
    databaseUrl: primary.url,
    replicaUrl: primary.replicaUrl,
    dynamo,
    sessions,
    secrets,
    as: (role, write = false) => {
      const own = sessions.get(role)!;
      return {
        cookie: `${ADMIN_SESSION_COOKIE}=${own.session}`,
        ...(write ? { 'x-csrf-token': own.csrf } : {}),
      };
    },
    close: async () => {
      await app.close();
      await container.close();
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** Signs a demo admin of a running local shop in (password + today's TOTP code): its cookies and CSRF token. */
export async function signInToLocalAdmin(
  shop: {
    urls: { admin: string };
    admin: { admins: readonly { role: AdminRole; email: string; password: string; totpSecret: string }[] };
  },
  role: AdminRole,
): Promise<{ cookie: string; csrf: string }> {
  const demo = shop.admin.admins.find((a) => a.role === role)!;
  const login = await fetch(`${shop.urls.admin}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: demo.email,
      password: demo.password,
      code: totpCode(demo.totpSecret, Date.now()),
    }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
}
