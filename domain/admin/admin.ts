import type { AdminRole } from './roles.js';

/** An operator of the shop: not a shopper account (separate table, separate sessions, separate login). */
export interface Admin {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  createdAt: string;
}

/** One audit row per admin write: who did what to which object, and the object before and after. */
export interface AuditEntry {
  id: string;
  adminId: string;
  adminEmail: string;
  /** Dotted verb, e.g. `product.update`, `order.ship`, `stock.adjust`. */
  action: string;
  /** The object's kind and id, e.g. `product` / `prd_...`. */
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  /** Why, when the operator said (stock adjustments and refunds require it). */
  reason?: string;
  at: string;
}
