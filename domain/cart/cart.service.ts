import { conflict, unprocessable } from '../shared/errors.js';
import { type Money, money, multiply, sum } from '../shared/money.js';
import {
  addItem,
  type Cart,
  type CartLine,
  emptyCart,
  mergeInto,
  removeItem,
  removePurchased,
  setQuantity,
} from './cart.js';
import type { CartRepository, SkuCatalog, SkuInfo } from './cart.ports.js';

export interface CartLineView {
  sku: string;
  productId: string;
  productSlug: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  availability: SkuInfo['availability'];
}

export interface CartView {
  lines: CartLineView[];
  subtotal: Money;
  itemCount: number;
  version: number;
  /** SKUs that were in the cart but are no longer sold; they were dropped. */
  removed: string[];
}

const SAVE_ATTEMPTS = 10;

/**
 * Carts: every change is read-modify-write under the cart's version, retried on conflict, so no update is lost. A
 * cart is read from its store on every view (one consistent read, no cache): the orders service takes bought lines
 * out of it in another process, and a cached view there could not be told, so it would show them for a while.
 */
export class CartService {
  constructor(
    private readonly carts: CartRepository,
    private readonly catalog: SkuCatalog,
  ) {}

  async view(ownerId: string): Promise<CartView> {
    return this.describe(await this.current(ownerId));
  }

  async add(ownerId: string, sku: string, quantity: number): Promise<CartView> {
    await this.requireSellable(sku);
    return this.change(ownerId, (cart) => addItem(cart, sku, quantity));
  }

  async setQuantity(ownerId: string, sku: string, quantity: number): Promise<CartView> {
    await this.requireSellable(sku);
    return this.change(ownerId, (cart) => setQuantity(cart, sku, quantity));
  }

  remove(ownerId: string, sku: string): Promise<CartView> {
    return this.change(ownerId, (cart) => removeItem(cart, sku));
  }

  /** Takes an order's lines out of its buyer's cart, once per order (see `removePurchased`). */
  removePurchased(ownerId: string, orderId: string, bought: readonly CartLine[]): Promise<CartView> {
    return this.change(ownerId, (cart) => removePurchased(cart, orderId, bought));
  }

  /** Moves a guest's lines into the user's cart and deletes the guest cart. */
  async merge(guestId: string, userId: string): Promise<CartView> {
    const guest = await this.carts.get(guestId);
    if (!guest || guest.lines.length === 0) return this.view(userId);
    const view = await this.change(userId, (cart) => mergeInto(cart, guest));
    await this.carts.delete(guestId);
    return view;
  }

  /** The cart as it is in the store now. */
  async current(ownerId: string): Promise<Cart> {
    return (await this.carts.get(ownerId)) ?? emptyCart(ownerId);
  }

  private async change(ownerId: string, mutate: (cart: Cart) => Cart): Promise<CartView> {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const current = (await this.carts.get(ownerId)) ?? emptyCart(ownerId);
      const next = mutate(current);
      const saved = await this.carts.save(next);
      if (saved !== 'conflict') {
        return this.describe({ ...next, version: saved });
      }
      // Full jitter, capped: racing writers spread out instead of colliding again.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
    throw conflict('CART.BUSY', 'the cart is being changed elsewhere right now: reload it and try again');
  }

  private async requireSellable(sku: string): Promise<void> {
    const info = (await this.catalog.getSkus([sku])).get(sku);
    if (!info?.active) {
      throw unprocessable('CART.UNKNOWN_SKU', `SKU ${sku} is not for sale`, [
        { path: 'body.sku', message: `${sku} is not for sale` },
      ]);
    }
  }

  private async describe(cart: Cart): Promise<CartView> {
    const infos = await this.catalog.getSkus(cart.lines.map((line) => line.sku));
    const lines: CartLineView[] = [];
    const removed: string[] = [];
    for (const line of cart.lines) {
      const info = infos.get(line.sku);
      if (!info?.active) {
        removed.push(line.sku);
        continue;
      }
      lines.push({
        sku: line.sku,
        productId: info.productId,
        productSlug: info.productSlug,
        name: info.name,
        quantity: line.quantity,
        unitPrice: info.price,
        lineTotal: multiply(info.price, line.quantity),
        availability: info.availability,
      });
    }
    const currency = lines[0]?.unitPrice.currency ?? 'USD';
    return {
      lines,
      subtotal: lines.length
        ? sum(
            lines.map((l) => l.lineTotal),
            currency,
          )
        : money(0, currency),
      itemCount: lines.reduce((n, l) => n + l.quantity, 0),
      version: cart.version,
      removed,
    };
  }
}
