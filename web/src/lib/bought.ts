import type { Cart } from '../api/types';

/** What a confirmed order took out of the cart, and the cart version the shopper saw before placing it. */
export interface Bought {
  /** The cart's version when the order was placed: a view at or below it predates the order. */
  version: number;
  lines: readonly { sku: string; quantity: number }[];
  /** After this instant every cart view the server gives is fresh (its views live at most a few seconds). */
  until: number;
}

/**
 * The cart without what an order bought. The server takes exactly the bought lines and quantities out of the cart
 * before it answers the checkout, but its cart view may be cached for up to 2 s (other processes cannot reach
 * that cache), so a cart fetched right after an order can still show them.
 */
export function withoutBought(cart: Cart, bought: Bought['lines']): Cart {
  const take = new Map<string, number>();
  for (const line of bought) take.set(line.sku, (take.get(line.sku) ?? 0) + line.quantity);
  const lines = cart.lines.flatMap((line) => {
    const quantity = line.quantity - (take.get(line.sku) ?? 0);
    if (quantity <= 0) return [];
    if (quantity === line.quantity) return [line];
    return [
      { ...line, quantity, lineTotal: { ...line.unitPrice, amount: line.unitPrice.amount * quantity } },
    ];
  });
  return {
    ...cart,
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotal: {
      ...cart.subtotal,
      amount: lines.reduce((sum, line) => sum + line.lineTotal.amount, 0),
    },
  };
}

/**
 * A cart the server answered, seen through a recent order: a view no newer than the cart the order was placed
 * from still shows the bought lines, so they are taken out; a newer one (or any after `until`) is the truth.
 */
export function reconcile(cart: Cart, bought: Bought | null, now: number): { cart: Cart; stale: boolean } {
  if (!bought || now > bought.until || cart.version > bought.version) return { cart, stale: false };
  return { cart: withoutBought(cart, bought.lines), stale: true };
}
