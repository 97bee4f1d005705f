import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { open, PAGES, type SignedInShopper, signedInShopper } from './pages';

/** Git-ignored: a look at every page after each run, at 360 px and on a desktop. */
const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const VIEWPORTS = [
  ['mobile', { width: 360, height: 780 }],
  ['desktop', { width: 1280, height: 800 }],
] as const;

let shopper: SignedInShopper;
test.beforeAll(async () => {
  shopper = await signedInShopper(process.env.SHOP_BROWSER_URL!);
});

test.describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  for (const shopPage of PAGES) {
    test(`${shopPage.name}: no serious or critical violation, on a phone and on a desktop`, async ({
      page,
    }) => {
      for (const [label, viewport] of VIEWPORTS) {
        await page.setViewportSize(viewport);
        await open(page, shopPage, shopper);
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
          .analyze();
        expect(results.passes.length, 'axe checked the page').toBeGreaterThan(20);
        const severe = results.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => ({
            rule: violation.id,
            impact: violation.impact,
            help: violation.help,
            where: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
          }));
        expect(severe, `axe on ${page.url()} (${label})`).toEqual([]);
      }
    });
  }
});

test.describe('screenshots', () => {
  test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
  for (const shopPage of PAGES) {
    test(`${shopPage.name}: full page at 360 px and on a desktop, never wider than the screen`, async ({
      page,
    }) => {
      for (const [label, viewport] of VIEWPORTS) {
        await page.setViewportSize(viewport);
        await open(page, shopPage, shopper);
        // Lazy pictures below the fold would be blank in a full-page picture: load them all, then wait.
        const pictures = page.locator('img');
        await pictures.evaluateAll((images) => {
          for (const image of images) image.setAttribute('loading', 'eager');
        });
        await expect
          .poll(() =>
            pictures.evaluateAll((images) =>
              images.every((image) => (image as unknown as { complete: boolean }).complete),
            ),
          )
          .toBe(true);
        // Nothing may be wider than the screen: a phone would scroll the whole page sideways.
        const width = await page.evaluate(() => {
          const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
            .document.documentElement;
          return root.scrollWidth;
        });
        expect(width, `page width at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
        await page.screenshot({ path: join(SCREENSHOTS, `${shopPage.name}-${label}.png`), fullPage: true });
      }
    });
  }
});
