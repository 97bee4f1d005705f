import { type APIRequestContext, test as base, expect, type Page } from '@playwright/test';

/** Money as the API sends it. */
export interface Money {
  amount: number;
  currency: string;
}
export interface Variant {
  sku: string;
  name: string;
  attributes: Record<string, string>;
  price: Money;
  availability: { status: string; count: number };
}
export interface Product {
  id: string;
  slug: string;
  name: string;
  brand: string;
  categoryId: string;
  variants: Variant[];
}
export interface Order {
  id: string;
  status: string;
  lines: { sku: string; name: string; quantity: number }[];
  subtotal: Money;
  shipping: { method: string; amount: Money };
  tax: { rate: string; amount: Money };
  total: Money;
  shippingAddress: Record<string, string> | null;
}

/** As the storefront shows money in an en-US browser ("$1,234.50"). */
export const usd = (money: Money) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency }).format(money.amount / 100);

/** A tax rate as the storefront shows it ("0.19" -> "19%"). */
export const percent = (rate: string) =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 4 }).format(Number(rate));

/** The order number the storefront shows: the id's last 8 characters. */
export const shortId = (id: string) => id.slice(-8).toUpperCase();

let emails = 0;
export const uniqueEmail = (who = 'shopper') =>
  `${who}.${Date.now().toString(36)}.${++emails}.${Math.random().toString(36).slice(2, 6)}@example.com`;
export const PASSWORD = 'correct-horse-battery-1';

export const ADDRESS = {
  name: 'Ada Lovelace',
  line1: 'Invalidenstraße 117',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
  countryName: 'Germany',
} as const;

/** What the tests ask the shop's public API, to pick products the way a shopper would find them. */
export class Catalog {
  constructor(private readonly request: APIRequestContext) {}

  async json<T>(path: string): Promise<T> {
    const response = await this.request.get(path);
    expect(response.status(), `GET ${path}`).toBe(200);
    return (await response.json()) as T;
  }

  product(slug: string): Promise<Product> {
    return this.json<Product>(`/api/products/${slug}`);
  }

  /** Active products of a category, every variant loaded. */
  async products(category: string): Promise<Product[]> {
    const page = await this.json<{ items: { slug: string }[] }>(
      `/api/products?category=${category}&limit=100`,
    );
    return Promise.all(page.items.map((item) => this.product(item.slug)));
  }

  /**
   * `count` different products of `category`, each with a variant the shop has plenty of (more than `minStock`),
   * skipping `exclude`d slugs (other tests' stock stays theirs).
   */
  async inStock(category: string, count: number, minStock = 20, exclude: string[] = []) {
    const found: { product: Product; variant: Variant }[] = [];
    for (const product of await this.products(category)) {
      if (exclude.includes(product.slug)) continue;
      const variant = product.variants.find((v) => v.availability.count > minStock);
      if (variant) found.push({ product, variant });
      if (found.length === count) return found;
    }
    throw new Error(`${category}: fewer than ${count} products with more than ${minStock} in stock`);
  }

  /** A product with several variants, one of them sold out and one that is not. */
  async withSoldOutVariant(): Promise<{ product: Product; soldOut: Variant; available: Variant }> {
    for (const category of ['headphones', 'jackets', 'running-shoes', 'hiking-boots', 'coffee']) {
      const response = await this.request.get(`/api/products?category=${category}&limit=100`);
      if (response.status() !== 200) continue;
      for (const product of await this.products(category)) {
        const soldOut = product.variants.find((v) => v.availability.status === 'sold_out');
        const available = product.variants.find((v) => v.availability.count > 5);
        if (product.variants.length > 1 && soldOut && available) return { product, soldOut, available };
      }
    }
    throw new Error('the demo catalog has no product with a sold-out variant');
  }
}

/** Signs the browser's context up through the API (page.request shares the browser's cookies). */
export async function registerThroughApi(page: Page, name = 'Grace Hopper') {
  const email = uniqueEmail();
  const response = await page.request.post('/api/auth/register', {
    data: { email, password: PASSWORD, name },
  });
  expect(response.status()).toBe(201);
  return { email, name };
}

/** Puts `quantity` of `sku` in the browser's cart through the API. */
export async function addThroughApi(page: Page, sku: string, quantity = 1) {
  const response = await page.request.post('/api/cart/items', { data: { sku, quantity } });
  expect(response.status(), await response.text()).toBe(201);
}

/** Checks the session's cart out through the API with tok_visa, standard shipping to ADDRESS: the 201's order. */
export async function checkoutThroughApi(api: APIRequestContext, idempotencyKey: string): Promise<Order> {
  const { countryName: _, ...shippingAddress } = ADDRESS;
  const response = await api.post('/api/checkout', {
    headers: { 'Idempotency-Key': idempotencyKey },
    data: { paymentToken: 'tok_visa', shippingMethod: 'standard', shippingAddress },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Order;
}

/** The orders the server holds for the browser's session. */
export async function ordersOf(page: Page): Promise<Order[]> {
  const response = await page.request.get('/api/orders');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: Order[] }).items;
}

export async function cartOf(page: Page) {
  const response = await page.request.get('/api/cart');
  expect(response.status()).toBe(200);
  return (await response.json()) as { itemCount: number; lines: { sku: string; quantity: number }[] };
}

/** Fills the checkout's new-address form. */
export async function fillAddress(page: Page, address: typeof ADDRESS = ADDRESS) {
  await page.getByLabel('Full name').fill(address.name);
  await page.getByLabel('Street address').fill(address.line1);
  await page.getByLabel('City').fill(address.city);
  await page.getByLabel('Postal code').fill(address.postalCode);
  await page.getByLabel('Country').selectOption(address.country);
}

/** The header's cart link, whose accessible name carries the count ("Cart, 2 items"). */
export const cartLink = (page: Page) => page.getByRole('link', { name: /^Cart, \d+ items?$/ });

export const test = base.extend<{ catalog: Catalog }>({
  // The shop global-setup.ts started (the config is read before it is up, so the URL comes through here).
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
  baseURL: async ({}, use) => {
    const url = process.env.SHOP_BROWSER_URL;
    if (!url) throw new Error('SHOP_BROWSER_URL is not set: run the suite with npm run test:browser');
    await use(url);
  },
  catalog: async ({ request }, use) => {
    await use(new Catalog(request));
  },
});

export { expect };
