import { type AdminPermission, can } from '../../../../domain/admin/roles.js';
import { createStore } from '../../../../web/src/lib/store';
import { ApiError, adminApi } from '../api/admin-api';
import type { Me } from '../api/types';

/** Who is signed in: undefined while /me answers, null when no one is. */
export const meStore = createStore<Me | null | undefined>(undefined);

/** A message for the login screen ("your session has ended"). */
export const flashStore = createStore<string | null>(null);

export async function loadMe(): Promise<Me | null> {
  try {
    const me = await adminApi<Me>('/admin/api/me');
    meStore.set(me);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      meStore.set(null);
      return null;
    }
    throw error;
  }
}

export async function logout(): Promise<void> {
  try {
    await adminApi<void>('/admin/api/logout', { method: 'POST' });
  } finally {
    meStore.set(null);
  }
}

/** Whether the signed-in admin's role has the permission (the same table the server checks). */
export function allowed(me: Me | null | undefined, permission: AdminPermission | null): boolean {
  if (!me) return false;
  return permission === null || can(me.admin.role, permission);
}
