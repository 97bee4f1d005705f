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
  /** The newest orders (by id) whose purchase was taken out of this cart: each order is taken out once. */
  settledOrders: string[];
  /**
   * The newest order id dropped from `settledOrders`; null until one is. An order at or below it that is not in the
   * list is treated as taken out already, so a confirmation delivered late (after the list moved on) never takes a
   * line the buyer added since.
   */
  settledThrough: string | null;
}

/** How many settled orders a cart remembers by id; older ones are covered by `settledThrough`. */
export const SETTLED_ORDERS_KEPT = 20;

export const isGuest = (ownerId: string) => ownerId.startsWith('gst_');

export function emptyCart(ownerId: string, now = new Date()): Cart {
  return {
    ownerId,
    lines: [],
    version: 0,
    expiresAt: expiryFor(ownerId, now),
    updatedAt: now.toISOString(),
    settledOrders: [],
    settledThrough: null,
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

/** True when this order's purchase was taken out of the cart already (or is older than what the cart remembers). */
function isSettled(cart: Cart, orderId: string): boolean {
  return (
    cart.settledOrders.includes(orderId) || (cart.settledThrough !== null && orderId <= cart.settledThrough)
  );
}

/**
 * After an order is confirmed: takes out exactly the quantities it bought, so lines added (or raised) while the
 * checkout ran stay in the cart. Applying the same order again changes nothing, however late it comes: order ids are
 * ULIDs (they sort by time), the cart keeps the newest ids and a mark below which every order counts as settled. An
 * old order never taken out (its clean-up and its event both lost) then leaves its lines in the cart, which the buyer
 * sees and can remove; taking them twice would silently delete what the buyer added since.
 */
export function removePurchased(cart: Cart, orderId: string, bought: readonly CartLine[]): Cart {
  if (isSettled(cart, orderId)) return cart;
  const taken = new Map<string, number>();
  for (const line of bought) taken.set(line.sku, (taken.get(line.sku) ?? 0) + line.quantity);
  const lines = cart.lines.flatMap((line) => {
    const left = line.quantity - (taken.get(line.sku) ?? 0);
    return left > 0 ? [{ sku: line.sku, quantity: left }] : [];
  });
  const settled = [...cart.settledOrders, orderId].sort();
  const dropped = settled.slice(0, Math.max(0, settled.length - SETTLED_ORDERS_KEPT));
  return {
    ...touched(cart, lines),
    settledOrders: settled.slice(dropped.length),
    settledThrough: dropped.at(-1) ?? cart.settledThrough,
  };
}
