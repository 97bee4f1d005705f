import { cartLink, cartOf, expect, registerThroughApi, test } from './fixtures';

const optionLabel = (attributes: Record<string, string>) => Object.values(attributes).join(' / ');

test('a sold-out variant cannot be added to the cart; an available one can', async ({ page, catalog }) => {
  const { product, soldOut, available } = await catalog.withSoldOutVariant();

  // Straight to the sold-out variant (a shared link to it).
  await page.goto(`/p/${product.slug}?sku=${encodeURIComponent(soldOut.sku)}`);
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible();
  const soldOutOption = page.getByRole('radio', { name: `${optionLabel(soldOut.attributes)} (sold out)` });
  await expect(soldOutOption).toBeChecked();
  const buy = page.getByRole('button', { name: 'Sold out' });
  await expect(buy).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add to cart' })).toHaveCount(0);
  await expect(page.getByLabel('Quantity')).toHaveCount(0);
  // Pressing Enter in the form must not add it either.
  await soldOutOption.press('Enter');
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 0 items');

  // Another variant of the same product is for sale.
  await page.getByRole('radio', { name: optionLabel(available.attributes), exact: true }).check();
  await expect(page).toHaveURL(new RegExp(`\\?sku=${available.sku}$`));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(cartLink(page)).toHaveAccessibleName('Cart, 1 item');

  // Back to the sold-out one: still not buyable, and the cart holds only the available variant.
  await soldOutOption.check();
  await expect(page.getByRole('button', { name: 'Sold out' })).toBeDisabled();
  const cart = await cartOf(page);
  expect(cart.lines).toEqual([expect.objectContaining({ sku: available.sku, quantity: 1 })]);
});

test('a deep link reloads to the same page, and back and forward walk the history', async ({
  page,
  catalog,
}) => {
  const search = await catalog.json<{ facets: { brand: { value: string; count: number }[] } }>(
    '/api/search?q=hedphones&limit=1',
  );
  const brand = search.facets.brand[0]!;

  // A filtered search, opened from a link, then reloaded.
  const deepLink = `/search?q=hedphones&brand=${encodeURIComponent(brand.value)}`;
  await page.goto(deepLink);
  const heading = page.getByRole('heading', { level: 1, name: 'Results for “hedphones”' });
  const brandBox = page
    .getByRole('group', { name: 'Brand' })
    .getByRole('checkbox', { name: new RegExp(`^${brand.value} \\(`) });
  const status = page.getByText(`${brand.count} ${brand.count === 1 ? 'product' : 'products'} (filtered)`, {
    exact: true,
  });
  await expect(heading).toBeVisible();
  await expect(brandBox).toBeChecked();
  await expect(status).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(deepLink);
  await expect(heading).toBeVisible();
  await expect(brandBox).toBeChecked();
  await expect(status).toBeVisible();
  await expect(page).toHaveTitle('Search: hedphones · Shop');

  // A product page with its variant in the URL survives a reload with that variant chosen.
  const { product, available } = await catalog.withSoldOutVariant();
  const productLink = `/p/${product.slug}?sku=${encodeURIComponent(available.sku)}`;
  await page.goto(productLink);
  const variant = page.getByRole('radio', { name: optionLabel(available.attributes), exact: true });
  await expect(variant).toBeChecked();
  await page.reload();
  await expect(page).toHaveURL(productLink);
  await expect(page.getByRole('heading', { level: 1, name: product.name })).toBeVisible();
  await expect(variant).toBeChecked();

  // In-app navigation: home -> category -> product, then back twice and forward once.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Jackets' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jackets' })).toBeVisible();
  const first = page.getByRole('list', { name: 'Jackets products' }).getByRole('link').first();
  const name = (await first.textContent())!;
  await first.click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/c\/jackets$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Jackets' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Jackets products' }).getByRole('link').first()).toHaveText(
    name,
  );
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Everyday gear, well made' })).toBeVisible();
  await page.goForward();
  await expect(page).toHaveURL(/\/c\/jackets$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Jackets' })).toBeVisible();
  await expect(page).toHaveTitle('Jackets · Shop');
});

test('an unknown or mangled page, product, category and order link says so', async ({ page }) => {
  await registerThroughApi(page);
  for (const [path, what] of [
    ['/no/such/page', 'page'],
    ['/p/no-such-product', 'product'],
    // Links mangled on the way (a mail client, a typo): not slugs or ids at all, the API's 400.
    ['/p/No%20Such%20Product!', 'product'],
    ['/c/no-such-category', 'category'],
    ['/c/No%20Such%20Category!', 'category'],
    ['/orders/ord_01M8AACKEEPQ0V0BQ2MM0XV999', 'order'],
    ['/orders/12345', 'order'],
  ] as const) {
    await page.goto(path);
    await expect(
      page.getByRole('heading', { level: 1, name: `We could not find that ${what}` }),
    ).toBeVisible();
    await expect(page).toHaveTitle('Not found · Shop');
  }
});

test('search suggestions as you type: arrow keys choose one, Enter opens it, Escape closes the list', async ({
  page,
  catalog,
}) => {
  const { items } = await catalog.json<{ items: { text: string; slug?: string }[] }>(
    '/api/search/suggest?q=hea',
  );
  const product = items.find((item) => item.slug)!;
  const category = items.find((item) => !item.slug);
  expect(product, 'a product suggested for "hea"').toBeTruthy();

  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search the shop' });
  await box.pressSequentially('hea');
  const list = page.getByRole('listbox', { name: 'Suggestions' });
  await expect(list.getByRole('option')).toHaveCount(items.length);
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await expect(list.getByRole('option').first()).toHaveText(product.text);
  if (category) await expect(list.getByRole('option').last()).toContainText(category.text);

  await box.press('Escape');
  await expect(list).toBeHidden();
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(box).toHaveValue('hea');

  await box.press('ArrowDown');
  const first = list.getByRole('option').first();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/p/${product.slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: product.text })).toBeVisible();
});
