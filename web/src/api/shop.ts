import { type Bought, reconcile, withoutBought } from '../lib/bought';
import { createStore } from '../lib/store';
import { ApiError, api } from './http';
import type { Cart, Category, Order, User } from './types';

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

/** The server's cart views live up to 2 s in a cache the orders service cannot reach (docs/architecture.md). */
const CART_VIEW_MAX_AGE_MS = 2_000;
/** The last confirmed order's lines, until the server's cart view shows them gone. */
let bought: Bought | null = null;

export async function loadCart(): Promise<Cart> {
  const answer = await api<Cart>('/api/cart');
  const { cart, stale } = reconcile(answer, bought, Date.now());
  if (!stale) bought = null;
  cartStore.set(cart);
  return cart;
}

/**
 * After POST /api/checkout or a pending order's decision: a confirmed order's lines have left the cart on the
 * server, so the header and the cart page show that at once, even while the server's cached view still lists
 * them; the cart is fetched again once that view has expired.
 */
export function cartAfterOrder(order: Order): void {
  const cart = cartStore.get();
  if (order.status === 'CONFIRMED' && cart) {
    bought = {
      version: cart.version,
      lines: order.lines,
      until: Date.now() + CART_VIEW_MAX_AGE_MS + 1_000,
    };
    cartStore.set(withoutBought(cart, order.lines));
    setTimeout(() => loadCart().catch(() => {}), CART_VIEW_MAX_AGE_MS + 250);
  } else {
    loadCart().catch(() => {});
  }
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
