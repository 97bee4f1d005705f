import { request as apiRequest } from '@playwright/test';
import {
  ADDRESS,
  addThroughApi,
  cartLink,
  cartOf,
  expect,
  fillAddress,
  ordersOf,
  PASSWORD,
  registerThroughApi,
  test,
  usd,
} from './fixtures';

const placeOrder = (page: import('@playwright/test').Page) =>
  page.getByRole('button', { name: /^Place order/ });

test('a declined card shows why, places no order and keeps the cart', async ({ page, catalog }) => {
  const { product, variant } = (await catalog.inStock('pens', 1))[0]!;
  await registerThroughApi(page);
  await addThroughApi(page, variant.sku, 2);

  await page.goto('/checkout');
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText(product.name);
  await fillAddress(page);
  await page.getByLabel('Card').selectOption({ label: 'Test card: declined' });
  await placeOrder(page).click();

  await expect(page.getByRole('alert')).toContainText(/declined/i);
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(placeOrder(page)).toBeEnabled();
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items');
  expect((await ordersOf(page)).filter((order) => order.status === 'CONFIRMED')).toEqual([]);
  expect((await cartOf(page)).lines).toEqual([expect.objectContaining({ sku: variant.sku, quantity: 2 })]);

  // The cart page still lists it.
  await cartLink(page).click();
  await expect(page.getByRole('list', { name: 'Products in your cart' })).toContainText(product.name);

  // And another card goes through: the declined attempt does not block the next one.
  await page.getByRole('link', { name: 'Check out' }).click();
  await fillAddress(page);
  await page.getByLabel('Card').selectOption({ label: 'Test Visa: approved' });
  await placeOrder(page).click();
  await expect(page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' })).toBeVisible();
  expect((await ordersOf(page)).filter((order) => order.status === 'CONFIRMED')).toHaveLength(1);
});

test('a double-clicked "Place order" sends one request and makes exactly one order', async ({
  page,
  catalog,
}) => {
  const { variant } = (await catalog.inStock('cookware', 1))[0]!;
  await registerThroughApi(page);
  await addThroughApi(page, variant.sku, 1);
  const checkouts: string[] = [];
  page.on('request', (sent) => {
    if (sent.method() === 'POST' && new URL(sent.url()).pathname === '/api/checkout')
      checkouts.push(sent.url());
  });

  await page.goto('/checkout');
  await fillAddress(page);
  await expect(placeOrder(page)).toBeEnabled();
  await placeOrder(page).dblclick();

  await expect(page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' })).toBeVisible();
  const orders = await ordersOf(page);
  expect(orders).toHaveLength(1);
  expect(orders[0]!.lines).toEqual([expect.objectContaining({ sku: variant.sku, quantity: 1 })]);
  expect(checkouts).toHaveLength(1);
  await expect(page).toHaveURL(new RegExp(`/orders/${orders[0]!.id}\\?placed=1$`));
});

test('two clicks in one task, before the page can re-render, still send one checkout request', async ({
  page,
  catalog,
}) => {
  const { variant } = (await catalog.inStock('cookware', 1, 20))[0]!;
  await registerThroughApi(page);
  await addThroughApi(page, variant.sku, 1);
  const checkouts: string[] = [];
  page.on('request', (sent) => {
    if (sent.method() === 'POST' && new URL(sent.url()).pathname === '/api/checkout')
      checkouts.push(sent.url());
  });
  await page.goto('/checkout');
  await fillAddress(page);
  await expect(placeOrder(page)).toBeEnabled();
  // A bouncing mouse button or an impatient script: the button is not disabled yet for the second click.
  await placeOrder(page).evaluate((button) => {
    const target = button as unknown as { click(): void };
    target.click();
    target.click();
  });
  await expect(page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' })).toBeVisible();
  expect(checkouts).toHaveLength(1);
  expect(await ordersOf(page)).toHaveLength(1);
});

test('a bank that never answers: the order waits (202), the page says so and the cart is kept', async ({
  page,
  catalog,
}) => {
  const { product, variant } = (await catalog.inStock('board-games', 1))[0]!;
  await registerThroughApi(page);
  await addThroughApi(page, variant.sku, 1);
  await page.goto('/checkout');
  await fillAddress(page);
  await page.getByLabel('Card').selectOption({ label: 'Test card: the bank never answers' });
  await placeOrder(page).click();

  await expect(page.getByRole('heading', { name: 'Your order is waiting for the bank' })).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByText('You will not be charged twice.', { exact: false })).toBeVisible();
  const [order] = await ordersOf(page);
  expect(order).toMatchObject({ status: 'PENDING' });
  await expect(page).toHaveURL(new RegExp(`/orders/${order!.id}\\?placed=1$`));
  await expect(page.getByText('Waiting for payment')).toBeVisible();
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 1 item');
  await cartLink(page).click();
  await expect(page.getByRole('list', { name: 'Products in your cart' })).toContainText(product.name);
});

test('a session that ended before "Place order" leads to the login and back to the checkout, cart kept', async ({
  page,
  catalog,
}) => {
  const { product, variant } = (await catalog.inStock('yoga', 1))[0]!;
  const { email } = await registerThroughApi(page);
  await addThroughApi(page, variant.sku, 1);
  await page.goto('/checkout');
  await fillAddress(page);
  // The quote for the address is in: no request that needs the session is still on its way.
  await expect(placeOrder(page)).toBeEnabled();
  await page.waitForLoadState('networkidle');

  // The session cookie goes (expired, or cleared in another tab).
  await page.context().clearCookies({ name: 'session' });
  await placeOrder(page).click();

  await expect(page).toHaveURL(/\/login\?next=%2Fcheckout$/);
  await expect(page.getByRole('status')).toHaveText(
    'Your session has ended. Log in again to continue; your cart is kept.',
  );
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText(product.name);
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 1 item');
  expect(await ordersOf(page)).toEqual([]);
  await fillAddress(page);
  await placeOrder(page).click();
  await expect(page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' })).toBeVisible();
});

test('stock sold to someone else meanwhile: the checkout names the line (409), charges nothing and keeps the cart', async ({
  page,
  catalog,
  baseURL,
}) => {
  // A variant with little stock left, so another shopper can buy all of it.
  const few = (count: number) => count >= 1 && count <= 8;
  const product = (await catalog.products('candles')).find((p) =>
    p.variants.some((v) => few(v.availability.count)),
  );
  if (!product) throw new Error('the demo catalog has no candle with at most 8 left');
  const variant = product.variants.find((v) => few(v.availability.count))!;

  await registerThroughApi(page);
  await addThroughApi(page, variant.sku, 1);
  await page.goto('/checkout');
  await expect(page.getByRole('region', { name: 'Order summary' })).toContainText(variant.name);
  await fillAddress(page);

  // Someone else buys every one left.
  const rival = await apiRequest.newContext({ baseURL });
  try {
    expect(
      (
        await rival.post('/api/auth/register', {
          data: { email: `rival.${Date.now()}@example.com`, password: PASSWORD, name: 'Rival' },
        })
      ).status(),
    ).toBe(201);
    const left = (await catalog.product(product.slug)).variants.find((v) => v.sku === variant.sku)!;
    expect(
      (
        await rival.post('/api/cart/items', { data: { sku: variant.sku, quantity: left.availability.count } })
      ).status(),
    ).toBe(201);
    const bought = await rival.post('/api/checkout', {
      headers: { 'Idempotency-Key': `rival-${Date.now()}` },
      data: {
        paymentToken: 'tok_visa',
        shippingMethod: 'standard',
        shippingAddress: {
          name: 'Rival',
          line1: ADDRESS.line1,
          city: ADDRESS.city,
          postalCode: ADDRESS.postalCode,
          country: ADDRESS.country,
        },
      },
    });
    expect(bought.status(), await bought.text()).toBe(201);
  } finally {
    await rival.dispose();
  }

  await placeOrder(page).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`Not enough stock for ${variant.name}`);
  await expect(alert).toContainText('Nothing was charged');
  await expect(page).toHaveURL(/\/checkout$/);
  expect(await ordersOf(page)).toEqual([]);
  expect((await cartOf(page)).lines).toEqual([expect.objectContaining({ sku: variant.sku, quantity: 1 })]);

  // The cart shows the line as sold out once the catalog has the new count (within 5 s).
  await alert.getByRole('link', { name: 'Change your cart' }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('list', { name: 'Products in your cart' })).toContainText('Sold out', {
      timeout: 1000,
    });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByText('Some products are sold out or short')).toBeVisible();
  await expect(page.getByText(usd(variant.price), { exact: false }).first()).toBeVisible();
});

test('the address form says what is missing before anything is sent, and a saved address is offered next time', async ({
  page,
  catalog,
}) => {
  const [first, second] = await catalog.inStock('tea', 2);
  await registerThroughApi(page);
  await addThroughApi(page, first!.variant.sku, 1);
  const checkouts: string[] = [];
  page.on('request', (sent) => {
    if (sent.method() === 'POST' && new URL(sent.url()).pathname === '/api/checkout')
      checkouts.push(sent.url());
  });

  await page.goto('/checkout');
  await expect(page.getByLabel('Full name')).toBeVisible();
  await placeOrder(page).click();
  await expect(page.getByLabel('Full name')).toBeFocused();
  await expect(page.getByText('Enter the name of the person receiving the order.')).toBeVisible();
  await expect(page.getByText('Enter the street address.')).toBeVisible();
  await expect(page.getByLabel('Street address')).toHaveAttribute('aria-invalid', 'true');
  await fillAddress(page);
  await page.getByLabel('Postal code').fill('10115!');
  await placeOrder(page).click();
  await expect(page.getByText('Use letters, digits, spaces and hyphens only.')).toBeVisible();
  await expect(page.getByLabel('Postal code')).toBeFocused();
  expect(checkouts).toEqual([]);

  await page.getByLabel('Postal code').fill(ADDRESS.postalCode);
  await expect(page.getByLabel('Save this address for next time')).toBeChecked();
  await placeOrder(page).click();
  await expect(page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' })).toBeVisible();

  // Next time: the saved address is chosen already, and the order goes there.
  await addThroughApi(page, second!.variant.sku, 1);
  await page.goto('/checkout');
  const saved = page.getByRole('radio', { name: new RegExp(`^${ADDRESS.name}, ${ADDRESS.line1}`) });
  await expect(saved).toBeChecked();
  await expect(page.getByLabel('Full name')).toHaveCount(0);
  await page.getByRole('radio', { name: /^Standard/ }).check();
  await expect(placeOrder(page)).toHaveText(/^Place order · \$/);
  await placeOrder(page).click();
  await expect(page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' })).toBeVisible();
  const [latest] = await ordersOf(page);
  expect(latest!.lines).toEqual([expect.objectContaining({ sku: second!.variant.sku })]);
  expect(latest!.shipping.method).toBe('standard');
  expect(latest!.shippingAddress).toMatchObject({
    name: ADDRESS.name,
    line1: ADDRESS.line1,
    postalCode: ADDRESS.postalCode,
    country: ADDRESS.country,
  });
  await expect(page.getByRole('region', { name: 'Shipping to' })).toContainText(ADDRESS.countryName);
});
