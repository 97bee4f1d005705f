import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../adapters/logs/logger.js';
import type { PostgresHandle } from '../adapters/postgres/connect.js';
import type { Admin, AuditEntry } from '../domain/admin/admin.js';
import type { AuditLog } from '../domain/admin/admin.ports.js';
import { newId } from '../domain/shared/ids.js';
import type { AdminConfig } from './config.js';
import type { AdminRoute } from './route-table.js';

/** What every area of the admin gets from the composition root. */
export interface AdminBase {
  config: AdminConfig;
  logger: Logger;
  /** Admin data and every write. */
  primary: PostgresHandle;
  /** Reports: the read-only replica connection, or the primary when there is no replica. */
  analytics: PostgresHandle;
  readsFrom: 'replica' | 'primary';
  audit: AuditLog;
}

/** Registers a handler behind the route's permission (and CSRF for writes); the admin is the one signed in. */
export type Guard = (
  route: AdminRoute,
  handler: (request: FastifyRequest, reply: FastifyReply, admin: Admin) => Promise<unknown>,
) => void;

/** One screen family of the admin (analytics, catalog, orders...): its routes and what it needs to close. */
export interface AdminArea {
  register(app: FastifyInstance, guard: Guard): void;
  ready?(): Promise<void>;
  close?(): Promise<void>;
}

export type AdminAreaFactory = (base: AdminBase) => Promise<AdminArea> | AdminArea;

/** An audit row for a write by this admin. */
export const auditEntry = (
  admin: Admin,
  entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'before' | 'after' | 'reason'>,
): AuditEntry => ({
  id: newId('aud'),
  adminId: admin.id,
  adminEmail: admin.email,
  at: new Date().toISOString(),
  ...entry,
});
