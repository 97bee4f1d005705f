import { createStore } from '../lib/store';
import { ApiError, api } from './http';
import type { Cart, Category, User } from './types';

/** Who is signed in: undefined while the first GET /api/me is under way, null for a guest. */
export const userStore = createStore<User | null | undefined>(undefined);
/** The cart (guest or signed-in): null until first loaded. */
export const cartStore = createStore<Cart | null>(null);
export const categoriesStore = createStore<Category[] | null>(null);
/** A one-off message for the next page (e.g. "your session has ended"), shown once. */
export const flashStore = createStore<string | null>(null);

export async function loadUser(): Promise<User | null> {
  try {
    const { user } = await api<{ user: User }>('/api/me');
    userStore.set(user);
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      userStore.set(null);
      return null;
    }
    // Unknown (network): keep what we knew; a guest until proven otherwise.
    if (userStore.get() === undefined) userStore.set(null);
    throw error;
  }
}

export async function loadCart(): Promise<Cart> {
  const cart = await api<Cart>('/api/cart');
  cartStore.set(cart);
  return cart;
}

let categoriesLoading: Promise<Category[]> | null = null;
export function loadCategories(): Promise<Category[]> {
  const known = categoriesStore.get();
  if (known) return Promise.resolve(known);
  categoriesLoading ??= api<{ items: Category[] }>('/api/categories')
    .then(({ items }) => {
      categoriesStore.set(items);
      return items;
    })
    .finally(() => {
      categoriesLoading = null;
    });
  return categoriesLoading;
}

export async function addToCart(sku: string, quantity: number): Promise<Cart> {
  const cart = await api<Cart>('/api/cart/items', { method: 'POST', body: { sku, quantity } });
  cartStore.set(cart);
  return cart;
}

export async function setLineQuantity(sku: string, quantity: number): Promise<Cart> {
  const cart = await api<Cart>(`/api/cart/items/${encodeURIComponent(sku)}`, {
    method: 'PATCH',
    body: { quantity },
  });
  cartStore.set(cart);
  return cart;
}

export async function removeLine(sku: string): Promise<Cart> {
  const cart = await api<Cart>(`/api/cart/items/${encodeURIComponent(sku)}`, { method: 'DELETE' });
  cartStore.set(cart);
  return cart;
}

/** After login or registration the server has merged the guest cart into the account's: fetch it again. */
export async function signedIn(user: User): Promise<void> {
  userStore.set(user);
  await loadCart().catch(() => {});
}

export async function logout(): Promise<void> {
  await api('/api/auth/logout', { method: 'POST' });
  userStore.set(null);
  await loadCart().catch(() => cartStore.set(null));
}
