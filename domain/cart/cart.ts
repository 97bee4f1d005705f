import { invalid, unprocessable } from '../shared/errors.js';

export const MAX_QUANTITY = 99;
export const MAX_LINES = 50;
export const GUEST_CART_DAYS = 30;

export interface CartLine {
  sku: string;
  quantity: number;
}

/** A cart belongs to a user (`usr_...`) or to a guest (`gst_...`, from a cookie). */
export interface Cart {
  ownerId: string;
  lines: CartLine[];
  /** Optimistic concurrency: every save must name the version it read. 0 = never saved. */
  version: number;
  /** Guest carts expire; user carts do not. */
  expiresAt: string | null;
  updatedAt: string;
  /** The latest orders whose purchase was taken out of this cart: each order is taken out once. */
  settledOrders: string[];
}

/** Enough to recognise a repeated delivery of an order's confirmation. */
const SETTLED_ORDERS_KEPT = 20;

export const isGuest = (ownerId: string) => ownerId.startsWith('gst_');

export function emptyCart(ownerId: string, now = new Date()): Cart {
  return {
    ownerId,
    lines: [],
    version: 0,
    expiresAt: expiryFor(ownerId, now),
    updatedAt: now.toISOString(),
    settledOrders: [],
  };
}

const expiryFor = (ownerId: string, now: Date) =>
  isGuest(ownerId) ? new Date(now.getTime() + GUEST_CART_DAYS * 86_400_000).toISOString() : null;

function checkQuantity(quantity: number, path: string) {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw invalid('CART.BAD_QUANTITY', `quantity must be a whole number from 1 to ${MAX_QUANTITY}`, [
      { path, message: `1..${MAX_QUANTITY}` },
    ]);
  }
}

function touched(cart: Cart, lines: CartLine[], now = new Date()): Cart {
  if (lines.length > MAX_LINES) {
    throw unprocessable('CART.TOO_MANY_LINES', `a cart holds at most ${MAX_LINES} different items`);
  }
  return { ...cart, lines, updatedAt: now.toISOString(), expiresAt: expiryFor(cart.ownerId, now) };
}

/** Adds to an existing line; the total may not pass the per-line limit. */
export function addItem(cart: Cart, sku: string, quantity: number): Cart {
  checkQuantity(quantity, 'body.quantity');
  const existing = cart.lines.find((line) => line.sku === sku);
  const total = (existing?.quantity ?? 0) + quantity;
  if (total > MAX_QUANTITY) {
    throw unprocessable(
      'CART.QUANTITY_LIMIT',
      `at most ${MAX_QUANTITY} of ${sku} per order (the cart has ${existing?.quantity ?? 0})`,
      [{ path: 'body.quantity', message: `at most ${MAX_QUANTITY - (existing?.quantity ?? 0)} more` }],
    );
  }
  const lines = existing
    ? cart.lines.map((line) => (line.sku === sku ? { sku, quantity: total } : line))
    : [...cart.lines, { sku, quantity }];
  return touched(cart, lines);
}

export function setQuantity(cart: Cart, sku: string, quantity: number): Cart {
  checkQuantity(quantity, 'body.quantity');
  if (!cart.lines.some((line) => line.sku === sku)) return addItem(cart, sku, quantity);
  return touched(
    cart,
    cart.lines.map((line) => (line.sku === sku ? { sku, quantity } : line)),
  );
}

export function removeItem(cart: Cart, sku: string): Cart {
  return touched(
    cart,
    cart.lines.filter((line) => line.sku !== sku),
  );
}

/** At login the guest's lines join the user's; quantities add up to the per-line limit. */
export function mergeInto(target: Cart, guest: Cart): Cart {
  const merged = new Map(target.lines.map((line) => [line.sku, line.quantity]));
  for (const line of guest.lines)
    merged.set(line.sku, Math.min(MAX_QUANTITY, (merged.get(line.sku) ?? 0) + line.quantity));
  return touched(target, [...merged].map(([sku, quantity]) => ({ sku, quantity })).slice(0, MAX_LINES));
}

/**
 * After an order is confirmed: takes out exactly the quantities it bought, so lines added (or raised) while the
 * checkout ran stay in the cart. Applying the same order again changes nothing.
 */
export function removePurchased(cart: Cart, orderId: string, bought: readonly CartLine[]): Cart {
  if (cart.settledOrders.includes(orderId)) return cart;
  const taken = new Map<string, number>();
  for (const line of bought) taken.set(line.sku, (taken.get(line.sku) ?? 0) + line.quantity);
  const lines = cart.lines.flatMap((line) => {
    const left = line.quantity - (taken.get(line.sku) ?? 0);
    return left > 0 ? [{ sku: line.sku, quantity: left }] : [];
  });
  return {
    ...touched(cart, lines),
    settledOrders: [...cart.settledOrders, orderId].slice(-SETTLED_ORDERS_KEPT),
  };
}
