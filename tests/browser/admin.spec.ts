import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { totpCode } from '../../domain/admin/totp.js';
import { addThroughApi, checkoutThroughApi, expect, registerThroughApi, test } from './fixtures.js';

/**
 * The admin dashboard in Chromium (issue 9), against the admin `npm start` runs: a demo admin per role signs in with
 * the TOTP code an authenticator app would show, then does what that role is for.
 */
const ADMIN_URL = process.env.SHOP_ADMIN_URL ?? 'http://localhost:3001';
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const PASSWORDS: Record<string, string> = {
  'owner@admin.shop.local': 'owner-demo-pass',
  'catalog@admin.shop.local': 'catalog-demo-pass',
  'support@admin.shop.local': 'support-demo-pass',
};

async function signIn(page: Page, email: string) {
  const secrets = JSON.parse(
    readFileSync(join(process.env.SHOP_DATA_DIR ?? '.data', 'admin-demo.json'), 'utf8'),
  ) as Record<string, string>;
  await page.goto(`${ADMIN_URL}/`);
  await expect(page.getByRole('heading', { name: 'Shop admin' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORDS[email]!);
  await page.getByLabel('6-digit code').fill(totpCode(secrets[email]!, Date.now()));
  await page.getByRole('button', { name: 'Log in' }).click();
  // Signed in once the shell is there (the login button only says "Logging in…" while the request is on its way).
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}

test('the owner signs in with a TOTP code and the sales chart draws the demo history', async ({ page }) => {
  await signIn(page, 'owner@admin.shop.local');
  await expect(page).toHaveURL(/\/admin\/?$/);
  const sales = page
    .locator('section.report')
    .filter({ has: page.getByRole('heading', { name: /revenue/i }) });
  await expect(sales.locator('canvas').first()).toBeVisible();
  await expect(sales.getByText('Read from the primary (no replica configured)')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboard.png'), fullPage: true });
  // The history written on the first start: the chart's days, as a table.
  await sales.getByRole('button', { name: 'Show table' }).click();
  await expect(sales.locator('table tbody tr').first()).toBeVisible();
});

test('a catalog manager creates a product with a picture; shoppers see it in its category, picture and all', async ({
  page,
  catalog,
}) => {
  const name = `Admin Test Lamp ${Date.now().toString(36)}`;
  const slug = name.toLowerCase().replaceAll(' ', '-');
  const sku = `ADM-${Date.now().toString(36).toUpperCase()}`;
  const [category] = await catalog
    .json<{ items: { id: string; slug: string; name: string }[] }>('/api/categories')
    .then((c) => c.items);
  await signIn(page, 'catalog@admin.shop.local');
  await page.goto(`${ADMIN_URL}/admin/products`);
  await page.getByRole('link', { name: 'New product' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Address name (slug)').fill(slug);
  await page.getByLabel('Brand').fill('Lumen');
  await page.getByLabel('Category').selectOption(category!.id);
  await page.getByLabel('Status').selectOption('active');
  await page.getByLabel('Description').fill('A desk lamp made in the admin test.');
  // A 1x1 PNG, uploaded to the bucket through its presigned URL.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  await page
    .getByLabel('Add a picture')
    .setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: png });
  await page.getByLabel('Description of picture 1').fill('The lamp, lit');
  await page.getByLabel('SKU').fill(sku);
  await page.getByLabel('Variant name').fill('Brass');
  await page.getByLabel('Price (USD)').fill('49.99');
  await page.getByLabel('Starting stock').fill('12');
  await page.getByRole('button', { name: 'Create product' }).click();
  // Created: the page becomes the product's own, with its archive button.
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Archive' })).toBeVisible();

  // The storefront: the category's newest first, then the product page with its picture loaded from /images/.
  await page.goto(`/c/${category!.slug}?sort=newest`);
  const card = page.getByRole('link', { name: new RegExp(name) }).first();
  await expect(card).toBeVisible();
  await card.click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const picture = page.getByRole('img', { name: 'The lamp, lit' }).first();
  await expect(picture).toHaveAttribute('src', /\/images\/products\//);
  await expect
    .poll(() => picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBe(1);
});

test('support ships a paid order and its shopper sees it shipped', async ({ page, catalog }) => {
  const [product] = await catalog.inStock('headphones', 1);
  await registerThroughApi(page);
  await addThroughApi(page, product!.variant.sku);
  const order = await checkoutThroughApi(page.request, `admin-spec-${Date.now()}`);
  expect(order.status).toBe('CONFIRMED');

  const admin = await page.context().browser()!.newPage();
  await signIn(admin, 'support@admin.shop.local');
  await admin.goto(`${ADMIN_URL}/admin/orders/${order.id}`);
  await admin.getByRole('button', { name: 'Ship', exact: true }).click();
  await admin.getByLabel('Carrier').fill('DHL');
  await admin.getByLabel('Tracking number').fill('JD014600006281230000');
  await admin.getByRole('button', { name: 'Ship the order' }).click();
  await expect(admin.getByText('Shipped. The customer sees the tracking number.')).toBeVisible();
  // Shipped once: the button is gone.
  await expect(admin.getByRole('button', { name: 'Ship', exact: true })).toHaveCount(0);
  await admin.close();

  const seen = await page.request.get(`/api/orders/${order.id}`);
  expect(((await seen.json()) as { status: string }).status).toBe('SHIPPED');
});
