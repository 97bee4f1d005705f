import { type Browser, expect, type Page, request } from '@playwright/test';
import { ADDRESS, Catalog, checkoutThroughApi, type Order, PASSWORD, uniqueEmail } from './fixtures';

/** A shopper with one confirmed order and one more product in the cart, for the pages that need a session. */
export interface SignedInShopper {
  cookies: Awaited<ReturnType<Awaited<ReturnType<Browser['newContext']>>['cookies']>>;
  order: Order;
  productSlug: string;
}

export async function signedInShopper(baseURL: string): Promise<SignedInShopper> {
  const api = await request.newContext({ baseURL });
  try {
    const catalog = new Catalog(api);
    const [bought, inCart] = await catalog.inStock('notebooks', 2);
    const registered = await api.post('/api/auth/register', {
      data: { email: uniqueEmail('pages'), password: PASSWORD, name: 'Katherine Johnson' },
    });
    expect(registered.status()).toBe(201);
    expect(
      (await api.post('/api/cart/items', { data: { sku: bought!.variant.sku, quantity: 2 } })).status(),
    ).toBe(201);
    const order = await checkoutThroughApi(api, `pages-${Date.now()}`);
    expect(
      (await api.post('/api/cart/items', { data: { sku: inCart!.variant.sku, quantity: 1 } })).status(),
    ).toBe(201);
    return { cookies: (await api.storageState()).cookies, order, productSlug: inCart!.product.slug };
  } finally {
    await api.dispose();
  }
}

export interface ShopPage {
  name: string;
  /** Needs the signed-in shopper's cookies. */
  signedIn?: boolean;
  path: (shopper: SignedInShopper) => string;
  /** Waits until the page shows what a shopper came for (loaded, no skeletons). */
  ready: (page: Page, shopper: SignedInShopper) => Promise<void>;
}

const heading = (page: Page, name: string | RegExp) =>
  expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

/** Every page of the storefront, as a shopper reaches it. */
export const PAGES: ShopPage[] = [
  {
    name: 'home',
    path: () => '/',
    ready: async (page) => {
      await heading(page, 'Everyday gear, well made');
      await expect(page.getByRole('region', { name: 'Popular right now' }).getByRole('link')).toHaveCount(8);
      await expect(page.getByRole('region', { name: 'New arrivals' }).getByRole('link')).toHaveCount(8);
      await expect(page.getByRole('region', { name: 'Shop by category' }).getByRole('link')).toHaveCount(24);
    },
  },
  {
    name: 'category',
    path: () => '/c/headphones',
    ready: async (page) => {
      await heading(page, 'Headphones');
      await expect(page.getByText(/^Showing \d+ products$/)).toBeAttached();
    },
  },
  {
    name: 'search',
    path: () => '/search?q=hedphones',
    ready: async (page) => {
      await heading(page, 'Results for “hedphones”');
      await expect(page.getByText(/^\d+ products$/)).toBeVisible();
      await expect(page.getByText('Filters', { exact: true })).toBeVisible();
    },
  },
  {
    name: 'product',
    path: (shopper) => `/p/${shopper.productSlug}`,
    ready: async (page) => {
      await expect(page.getByRole('button', { name: 'Add to cart' })).toBeEnabled();
      await expect(page.getByRole('heading', { name: 'About this product' })).toBeVisible();
    },
  },
  {
    name: 'cart',
    signedIn: true,
    path: () => '/cart',
    ready: async (page) => {
      await heading(page, 'Your cart');
      await expect(
        page.getByRole('list', { name: 'Products in your cart' }).getByRole('listitem'),
      ).toHaveCount(1);
    },
  },
  {
    name: 'login',
    path: () => '/login',
    ready: async (page) => {
      await heading(page, 'Log in');
      await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
    },
  },
  {
    name: 'register',
    path: () => '/register',
    ready: async (page) => {
      await heading(page, 'Create an account');
      await expect(page.getByRole('button', { name: 'Create account' })).toBeVisible();
    },
  },
  {
    name: 'checkout',
    signedIn: true,
    path: () => '/checkout',
    ready: async (page) => {
      await heading(page, 'Checkout');
      await expect(page.getByLabel('Full name')).toBeVisible();
      await expect(page.getByRole('button', { name: /^Place order/ })).toBeEnabled();
      await expect(page.getByRole('region', { name: 'Order summary' }).getByText('Loading')).toHaveCount(0);
    },
  },
  {
    name: 'confirmation',
    signedIn: true,
    path: (shopper) => `/orders/${shopper.order.id}?placed=1`,
    ready: async (page) => {
      await heading(page, 'Thank you! Your order is confirmed.');
      await expect(page.getByRole('region', { name: 'Shipping to' })).toContainText(ADDRESS.name);
    },
  },
  {
    name: 'orders',
    signedIn: true,
    path: () => '/orders',
    ready: async (page) => {
      await heading(page, 'Your orders');
      await expect(page.getByRole('row')).toHaveCount(2);
    },
  },
  {
    name: 'order-detail',
    signedIn: true,
    path: (shopper) => `/orders/${shopper.order.id}`,
    ready: async (page) => {
      await heading(page, /^Order #/);
      await expect(page.getByRole('region', { name: 'Shipping to' })).toContainText(ADDRESS.name);
    },
  },
  {
    name: 'not-found',
    path: () => '/no/such/page',
    ready: async (page) => {
      await heading(page, 'We could not find that page');
    },
  },
];

/** Opens `shopPage` as its shopper would: with the session when it needs one, and waits until it is ready. */
export async function open(page: Page, shopPage: ShopPage, shopper: SignedInShopper): Promise<void> {
  if (shopPage.signedIn) await page.context().addCookies(shopper.cookies);
  await page.goto(shopPage.path(shopper));
  await shopPage.ready(page, shopper);
}
