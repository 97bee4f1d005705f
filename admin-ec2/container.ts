import { sql } from 'kysely';
import { MemoryRateLimiter } from '../adapters/cache/memory.rate-limiter.js';
import { Argon2PasswordHasher } from '../adapters/crypto/argon2.password-hasher.js';
import type { Logger } from '../adapters/logs/logger.js';
import {
  PostgresAdminRepository,
  PostgresAdminSessionRepository,
  PostgresAuditLog,
} from '../adapters/postgres/admin.postgres.adapter.js';
import { connectPostgres, type PostgresHandle } from '../adapters/postgres/connect.js';
import { SalesRollup } from '../adapters/postgres/sales-reports.postgres.adapter.js';
import { AdminAuthService } from '../domain/admin/admin-auth.service.js';
import type { AdminArea, AdminAreaFactory, AdminBase } from './area.js';
import { ADMIN_AREAS } from './areas.js';
import type { AdminConfig } from './config.js';

/** The admin server's composition root: the primary for admin data and writes, the replica for every report. */
export async function buildAdminContainer(
  config: AdminConfig,
  logger: Logger,
  areaFactories: readonly AdminAreaFactory[] = ADMIN_AREAS,
) {
  const primary = await connectPostgres({
    kind: 'server',
    url: config.DATABASE_URL,
    maxConnections: 5,
    statementTimeoutMs: 10_000,
    applicationName: 'admin',
  });
  const replica: PostgresHandle | null = config.REPLICA_DATABASE_URL
    ? await connectPostgres({
        kind: 'server',
        url: config.REPLICA_DATABASE_URL,
        maxConnections: 5,
        statementTimeoutMs: 30_000,
        applicationName: 'admin-analytics',
        readOnly: true,
      })
    : null;
  const analytics = replica ?? primary;
  const base: AdminBase = {
    config,
    logger,
    primary,
    analytics,
    /** What the dashboard shows under its charts. */
    readsFrom: replica ? 'replica' : 'primary',
    audit: new PostgresAuditLog(primary.db),
  };
  const areas: AdminArea[] = [];
  for (const factory of areaFactories) areas.push(await factory(base));
  return {
    ...base,
    areas,
    auth: new AdminAuthService(
      new PostgresAdminRepository(primary.db),
      new PostgresAdminSessionRepository(primary.db),
      new Argon2PasswordHasher(),
      // One admin instance (EC2): its login limits live in its memory.
      new MemoryRateLimiter(),
    ),
    rollup: new SalesRollup(primary.db),
    async ready() {
      await primary.db.selectFrom('admin_users').select('id').limit(1).execute();
      // The newest rollup: on a replica it arrives last (its migration replays after the others).
      await sql`select 1 from customer_mix_daily limit 1`.execute(analytics.db);
      for (const area of areas) await area.ready?.();
    },
    async close() {
      for (const area of areas.reverse()) await area.close?.();
      await replica?.close();
      await primary.close();
    },
  };
}

export type AdminContainer = Awaited<ReturnType<typeof buildAdminContainer>>;
