import {
  ADDRESS,
  cartLink,
  cartOf,
  expect,
  fillAddress,
  type Order,
  ordersOf,
  PASSWORD,
  type Product,
  percent,
  shortId,
  test,
  uniqueEmail,
  usd,
} from './fixtures';

interface SearchAnswer {
  total: number;
  items: { slug: string; name: string; brand: string }[];
  facets: { brand: { value: string; count: number }[] };
}

test('a guest browses, searches with a typo, filters, fills a cart, registers, keeps the cart and buys with express shipping', async ({
  page,
  catalog,
}) => {
  // Browse: a category from the header's category navigation.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Everyday gear, well made' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Categories' })
    .getByRole('link', { name: 'Headphones' })
    .click();
  await expect(page).toHaveURL(/\/c\/headphones$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Headphones' })).toBeVisible();
  const listed = await catalog.json<{ items: { name: string }[] }>(
    '/api/products?category=headphones&limit=24',
  );
  const grid = page.getByRole('list', { name: 'Headphones products' });
  await expect(grid.getByRole('listitem')).toHaveCount(listed.items.length);
  await expect(grid.getByRole('link', { name: listed.items[0]!.name, exact: true })).toBeVisible();

  // Search with a typo: headphones come first anyway.
  const search = page.getByRole('combobox', { name: 'Search the shop' });
  await search.fill('hedphones');
  await search.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=hedphones$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Results for “hedphones”' })).toBeVisible();
  const all = await catalog.json<SearchAnswer>('/api/search?q=hedphones&limit=24');
  await expect(page.getByText(`${all.total} products`, { exact: true })).toBeVisible();
  const results = page.getByRole('region', { name: 'Results' }).getByRole('list', { name: 'Products' });
  await expect(results.getByRole('listitem').first()).toContainText('Headphones');

  // Filter by a brand facet that has at least two headphones.
  const brand = all.facets.brand.find((facet) => facet.count >= 2)!;
  expect(brand, 'a brand with two headphones in the demo catalog').toBeTruthy();
  const brandFilter = page
    .getByRole('group', { name: 'Brand' })
    .getByRole('checkbox', { name: new RegExp(`^${brand.value} \\(${brand.count}\\)$`) });
  await brandFilter.check();
  await expect(page).toHaveURL(new RegExp(`[?&]brand=${encodeURIComponent(brand.value)}(&|$)`));
  await expect(page.getByText(`${brand.count} products (filtered)`, { exact: true })).toBeVisible();
  await expect(results.getByRole('listitem')).toHaveCount(brand.count);
  for (const card of await results.getByRole('listitem').all()) await expect(card).toContainText(brand.value);
  await expect(brandFilter).toBeChecked();

  // Two products into the cart, from their pages.
  const filtered = await catalog.json<SearchAnswer>(
    `/api/search?q=hedphones&brand=${encodeURIComponent(brand.value)}&limit=24`,
  );
  const bought: Product[] = [];
  for (const [index, item] of filtered.items.slice(0, 2).entries()) {
    const product = await catalog.product(item.slug);
    bought.push(product);
    await results.getByRole('link', { name: product.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/p/${product.slug}$`));
    await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByText(/^Added 1 × .+ to your cart\./)).toBeVisible();
    await expect(cartLink(page)).toHaveAccessibleName(`Cart, ${index + 1} ${index === 0 ? 'item' : 'items'}`);
    if (index === 0) await page.goBack();
  }
  const guestCart = await cartOf(page);
  expect(guestCart.itemCount).toBe(2);

  // The cart asks a guest to log in; the shopper creates an account instead.
  await cartLink(page).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();
  const cartLines = page.getByRole('list', { name: 'Products in your cart' });
  for (const product of bought) await expect(cartLines).toContainText(product.name);
  await page.getByRole('link', { name: 'Log in to check out' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fcheckout$/);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(uniqueEmail('journey'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();

  // Signed in, on the checkout, with the guest's cart kept.
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Orders' })).toBeVisible();
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items');
  const summary = page.getByRole('region', { name: 'Order summary' });
  for (const product of bought) await expect(summary).toContainText(product.name);
  expect((await cartOf(page)).lines.map((line) => line.sku).sort()).toEqual(
    guestCart.lines.map((line) => line.sku).sort(),
  );

  // Address, express shipping, the approved test card: the quote shows shipping and tax before paying.
  await fillAddress(page);
  await page.getByRole('radio', { name: /^Express/ }).check();
  await page.getByLabel('Card').selectOption('tok_visa');
  const quoted = await page.request.get(`/api/checkout/quote?country=${ADDRESS.country}&method=express`);
  expect(quoted.status(), 'GET /api/checkout/quote').toBe(200);
  const quote = (await quoted.json()) as Pick<Order, 'subtotal' | 'shipping' | 'tax' | 'total'>;
  await expect(summary.getByRole('definition').filter({ hasText: usd(quote.shipping.amount) })).toHaveCount(
    1,
  );
  await expect(summary).toContainText(`Tax (${percent(quote.tax.rate)})`);
  await expect(summary).toContainText(usd(quote.tax.amount));
  await page.getByRole('button', { name: `Place order · ${usd(quote.total)}` }).click();

  // The confirmation, then the same order in the history and in its own page.
  await expect(page.getByRole('heading', { name: 'Thank you! Your order is confirmed.' })).toBeVisible();
  const [order] = await ordersOf(page);
  expect(order).toBeTruthy();
  await expect(page).toHaveURL(new RegExp(`/orders/${order!.id}\\?placed=1$`));
  expect(order!.status).toBe('CONFIRMED');
  expect(order!.shipping.method).toBe('express');
  expect(order!.shipping.amount.amount).toBeGreaterThan(0);
  expect(order!.tax.amount.amount).toBeGreaterThan(0);
  expect(order!.total.amount).toBe(quote.total.amount);
  expect(order!.shippingAddress).toMatchObject({ name: ADDRESS.name, country: ADDRESS.country });
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 0 items');

  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Orders' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your orders' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: `#${shortId(order!.id)}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Confirmed');
  await expect(row).toContainText(usd(order!.total));
  await row.getByRole('link', { name: `Order #${shortId(order!.id)}` }).click();

  await expect(page).toHaveURL(new RegExp(`/orders/${order!.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Order #${shortId(order!.id)}` })).toBeVisible();
  const items = page.getByRole('region', { name: 'Items' });
  for (const product of bought) await expect(items).toContainText(product.name);
  await expect(items.getByText('Shipping (express)')).toBeVisible();
  await expect(items.getByText(usd(order!.shipping.amount), { exact: true })).toBeVisible();
  await expect(items.getByText(`Tax (${percent(order!.tax.rate)})`)).toBeVisible();
  await expect(items.getByText(usd(order!.tax.amount), { exact: true })).toBeVisible();
  await expect(items.getByText(usd(order!.total), { exact: true })).toBeVisible();
  const shipTo = page.getByRole('region', { name: 'Shipping to' });
  await expect(shipTo).toContainText(ADDRESS.name);
  await expect(shipTo).toContainText(ADDRESS.line1);
  await expect(shipTo).toContainText(ADDRESS.countryName);
});
