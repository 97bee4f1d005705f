import { useEffect } from 'preact/hooks';
import { ApiError } from '../api/http';
import { flashStore, userStore } from '../api/shop';
import type { User } from '../api/types';
import { currentHref, navigate } from './router';
import { useStore } from './store';

/** To the login page, and back here afterwards (`next`). */
export function toLogin(message: string): void {
  flashStore.set(message);
  navigate(`/login?next=${encodeURIComponent(currentHref())}`, { replace: true });
}

/** A 401 from an API call: the session has ended (or never was); log in and come back. True when handled. */
export function handleUnauthorized(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  const hadSession = Boolean(userStore.get());
  userStore.set(null);
  toLogin(
    hadSession
      ? 'Your session has ended. Log in again to continue; your cart is kept.'
      : 'Please log in to continue; your cart is kept.',
  );
  return true;
}

/** The signed-in user for pages that need one; a guest is sent to log in first. */
export function useSignedIn(message: string): User | null | undefined {
  const user = useStore(userStore);
  useEffect(() => {
    if (user === null) toLogin(message);
  }, [user]);
  return user;
}
