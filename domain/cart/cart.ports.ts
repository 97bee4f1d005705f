import type { Availability } from '../catalog/availability.js';
import type { Money } from '../shared/money.js';
import type { Cart } from './cart.js';

export interface CartRepository {
  /** null when the owner has no cart or it expired (expired carts are filtered on read everywhere). */
  get(ownerId: string): Promise<Cart | null>;
  /** Saves if the stored version is still `cart.version`; returns the new version, or `conflict`. */
  save(cart: Cart): Promise<number | 'conflict'>;
  delete(ownerId: string): Promise<void>;
}

/** What the cart and checkout need to know about a SKU, straight from the catalog. */
export interface SkuInfo {
  sku: string;
  productId: string;
  productSlug: string;
  /** The product's category; absent on SKU records written before it was copied onto them. */
  categoryId?: string;
  name: string;
  price: Money;
  availability: Availability;
  active: boolean;
}

export interface SkuCatalog {
  getSkus(skus: readonly string[]): Promise<Map<string, SkuInfo>>;
}
