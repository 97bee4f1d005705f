/**
 * npm run bench:web — the storefront as shoppers' phones meet it (issue 8), in one run:
 * 1. the home page's initial JavaScript and CSS, gzipped (level 9, as web/scripts/size.ts measures): every script and
 *    stylesheet the home page loads in the browser (entry, module preloads, route chunks), taken from Lighthouse's
 *    network records and fetched from the shop. Goals: JS <= 60 KB, CSS <= 15 KB;
 * 2. Lighthouse 12 (Node API, the default mobile preset: Moto G Power-sized screen, simulated slow 4G and 4x CPU
 *    slowdown) on the home, a category, a search and a product page, RUNS times each in a fresh headless Chromium:
 *    performance and accessibility scores, FCP, LCP, TBT and CLS, the median of the runs per metric.
 *    Goals: performance >= 0.95, accessibility 1.0.
 * The shop: a local shop started here on free ports with its data in a temp dir (the storefront is built first when
 * web/ changed, as `npm start` does), or `--url http://localhost:3000` to measure a running one. Page URLs come
 * from the shop's API: the first category, a product of it, a word of that product's name that search finds.
 * Prints tables, writes bench/results/web.json (every run, failing accessibility audits, the LCP element).
 * Knobs: BENCH_WEB_RUNS (3), BENCH_WEB_PRODUCTS (2400, the demo catalog), CHROME_PATH (/usr/bin/chromium).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { type LocalShop, startLocalShop } from '../local/shop.js';
import { localShopConfig } from '../tests/support/local-shop-config.js';
import { gzipSizes, kb, SIZE_GOALS } from '../web/scripts/size.js';
import { printTable } from './lib/load.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 3);
const PRODUCTS = Number(process.env.BENCH_WEB_PRODUCTS ?? 2400);
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-dev-shm-usage'];
const GOALS = {
  performance: 0.95,
  accessibility: 1,
  jsKb: SIZE_GOALS.js / 1024,
  cssKb: SIZE_GOALS.css / 1024,
};

interface Page {
  name: string;
  path: string;
}

interface Run {
  performance: number | null;
  accessibility: number | null;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Lighthouse's own warnings and errors for the run (a page that did not load, a trace problem). */
  runtimeError?: string;
  warnings: string[];
  failedAccessibility: { id: string; title: string; items: string[] }[];
  lcpElement: string | null;
  /** Same-origin scripts and stylesheets the page loaded, in request order. */
  scripts: string[];
  lighthouseVersion: string;
  /** Lighthouse's measure of this machine's CPU speed (a mid-range phone is about 1/4 of a desktop's). */
  benchmarkIndex: number;
  hostUserAgent: string;
}

interface PageReport extends Page {
  url: string;
  runs: Run[];
  median: {
    performance: number;
    accessibility: number;
    fcpMs: number;
    lcpMs: number;
    tbtMs: number;
    cls: number;
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** A real category, a product in it and a search the catalog answers, from the shop's own API. */
async function pagesOf(base: string): Promise<Page[]> {
  const categories = await getJson<{ items: { slug: string; name: string }[] }>(`${base}/api/categories`);
  const category = categories.items[0];
  if (!category) throw new Error('the shop has no categories');
  const products = await getJson<{ items: { slug: string; name: string }[] }>(
    `${base}/api/products?category=${encodeURIComponent(category.slug)}&sort=popularity&limit=1`,
  );
  const product = products.items[0];
  if (!product) throw new Error(`category ${category.slug} has no products`);
  const words = [
    ...product.name.toLowerCase().split(/[^a-z]+/),
    ...category.name.toLowerCase().split(/[^a-z]+/),
  ].filter((word) => word.length >= 4);
  let query: string | undefined;
  for (const word of words.reverse()) {
    const found = await getJson<{ total: number }>(
      `${base}/api/search?q=${encodeURIComponent(word)}&limit=1`,
    );
    if (found.total >= 8) {
      query = word;
      break;
    }
  }
  if (!query) throw new Error(`no word of "${product.name}" or "${category.name}" finds 8 products`);
  return [
    { name: 'home', path: '/' },
    { name: 'category', path: `/c/${category.slug}` },
    { name: 'search', path: `/search?q=${encodeURIComponent(query)}` },
    { name: 'product', path: `/p/${product.slug}` },
  ];
}

type AuditDetails = {
  items?: {
    node?: { snippet?: string; selector?: string };
    items?: unknown[];
    url?: string;
    resourceType?: string;
  }[];
};

function runOf(lhr: Result, origin: string): Run {
  const audit = (id: string) => lhr.audits[id];
  const numeric = (id: string) => audit(id)?.numericValue ?? Number.NaN;
  const failedAccessibility = (lhr.categories.accessibility?.auditRefs ?? [])
    .map((ref) => audit(ref.id)!)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
    .map((a) => ({
      id: a.id,
      title: a.title,
      items: ((a.details as AuditDetails | undefined)?.items ?? [])
        .map((item) => item.node?.snippet ?? item.node?.selector ?? '')
        .slice(0, 5),
    }));
  // The LCP element: a table whose one item holds the node.
  const lcpItems =
    (audit('largest-contentful-paint-element')?.details as AuditDetails | undefined)?.items ?? [];
  const lcpNode = (lcpItems[0]?.items as { node?: { snippet?: string } }[] | undefined)?.[0]?.node;
  const requests = (audit('network-requests')?.details as AuditDetails | undefined)?.items ?? [];
  return {
    performance: lhr.categories.performance?.score ?? null,
    accessibility: lhr.categories.accessibility?.score ?? null,
    fcpMs: numeric('first-contentful-paint'),
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    ...(lhr.runtimeError ? { runtimeError: `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` } : {}),
    warnings: lhr.runWarnings,
    failedAccessibility,
    lcpElement: lcpNode?.snippet ?? null,
    scripts: requests
      .filter(
        (r) => r.url?.startsWith(origin) && (r.resourceType === 'Script' || r.resourceType === 'Stylesheet'),
      )
      .map((r) => r.url!.slice(origin.length)),
    lighthouseVersion: lhr.lighthouseVersion,
    benchmarkIndex: lhr.environment.benchmarkIndex,
    hostUserAgent: lhr.environment.hostUserAgent,
  };
}

/** One Lighthouse run of the mobile preset in a fresh Chromium (as the CLI does): no cache, no storage. */
async function lighthouseRun(url: string, origin: string): Promise<Run> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    return runOf(result.lhr, origin);
  } finally {
    chrome.kill();
  }
}

async function measurePage(base: string, page: Page): Promise<PageReport> {
  const url = `${base}${page.path}`;
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await lighthouseRun(url, base);
    runs.push(run);
    console.log(
      `  ${page.name} run ${i + 1}/${RUNS}: performance ${run.performance}, accessibility ${run.accessibility}, ` +
        `LCP ${Math.round(run.lcpMs)} ms, TBT ${Math.round(run.tbtMs)} ms, CLS ${round(run.cls, 3)}` +
        (run.runtimeError ? `, ERROR ${run.runtimeError}` : ''),
    );
  }
  const of = (pick: (run: Run) => number | null) => median(runs.map((run) => pick(run) ?? Number.NaN));
  return {
    ...page,
    url,
    runs,
    median: {
      performance: of((r) => r.performance),
      accessibility: of((r) => r.accessibility),
      fcpMs: Math.round(of((r) => r.fcpMs)),
      lcpMs: Math.round(of((r) => r.lcpMs)),
      tbtMs: Math.round(of((r) => r.tbtMs)),
      cls: round(
        of((r) => r.cls),
        3,
      ),
    },
  };
}

async function main() {
  const runStarted = performance.now();
  const loadStart = loadavg().map((n) => round(n, 1));
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  let shop: LocalShop | null = null;
  let dataDir: string | null = null;
  try {
    let base = values.url?.replace(/\/$/, '');
    if (!base) {
      dataDir = mkdtempSync(join(tmpdir(), 'shop-bench-web-'));
      console.log(`  Starting a local shop (${PRODUCTS} demo products, data in ${dataDir})...`);
      const started = performance.now();
      shop = await startLocalShop({ config: await localShopConfig(dataDir, PRODUCTS), quiet: true });
      base = shop.urls.edge;
      console.log(`  Shop up on ${base} in ${round((performance.now() - started) / 1000, 1)} s`);
    } else console.log(`  Measuring the shop at ${base} (--url)`);

    const pages = await pagesOf(base);
    console.log(`  Pages: ${pages.map((p) => p.path).join(', ')}; ${RUNS} Lighthouse runs each\n`);
    const reports: PageReport[] = [];
    for (const page of pages) reports.push(await measurePage(base, page));

    // What the home page loaded (every run, in case one was cut short), fetched from the shop and gzipped.
    const homeRefs = [...new Set(reports[0]!.runs.flatMap((run) => run.scripts))];
    const sizes = await gzipSizes(homeRefs, async (ref) => {
      const response = await fetch(`${base}${ref}`, { headers: { 'accept-encoding': 'identity' } });
      if (!response.ok) throw new Error(`GET ${ref}: ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    });
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    printTable(
      'Home page, initial JavaScript and CSS (what Lighthouse saw it load), gzip -9',
      ['file', 'KB', 'KB gzip'],
      [
        ...sizes.files.map((f) => [f.ref, kb(f.bytes), kb(f.gzipBytes)]),
        [
          'JS total',
          '',
          `${kb(sizes.totals.js)} (goal <= ${GOALS.jsKb}: ${verdict(sizes.totals.js <= SIZE_GOALS.js)})`,
        ],
        [
          'CSS total',
          '',
          `${kb(sizes.totals.css)} (goal <= ${GOALS.cssKb}: ${verdict(sizes.totals.css <= SIZE_GOALS.css)})`,
        ],
      ],
    );

    printTable(
      `Lighthouse ${reports[0]!.runs[0]!.lighthouseVersion} mobile preset (simulated throttling), median of ${RUNS} runs per page`,
      ['page', 'path', 'performance', 'accessibility', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS'],
      reports.map((r) => [
        r.name,
        r.path,
        r.median.performance,
        r.median.accessibility,
        r.median.fcpMs,
        r.median.lcpMs,
        r.median.tbtMs,
        r.median.cls,
      ]),
    );

    const goalRows: (string | number)[][] = [];
    for (const r of reports) {
      goalRows.push([
        `${r.name}: performance`,
        r.median.performance,
        `>= ${GOALS.performance} (${verdict(r.median.performance >= GOALS.performance)})`,
      ]);
      goalRows.push([
        `${r.name}: accessibility`,
        r.median.accessibility,
        `${GOALS.accessibility} (${verdict(r.median.accessibility >= GOALS.accessibility)})`,
      ]);
    }
    printTable('Goals', ['measure', 'median', 'goal'], goalRows);

    for (const r of reports) {
      const failed = new Map<string, string>();
      for (const run of r.runs)
        for (const a of run.failedAccessibility) failed.set(a.id, `${a.title}: ${a.items.join(' | ')}`);
      const lcp = r.runs.map((run) => run.lcpElement).find(Boolean);
      console.log(`\n  ${r.name}: LCP element ${lcp ?? '(none reported)'}`);
      for (const [id, what] of failed) console.log(`    accessibility ${id}: ${what}`);
      for (const warning of new Set(r.runs.flatMap((run) => run.warnings)))
        console.log(`    warning: ${warning}`);
      for (const run of r.runs) if (run.runtimeError) console.log(`    error: ${run.runtimeError}`);
    }

    // Simulated throttling scales the main-thread work it observed: a busy machine inflates TBT and LCP.
    const benchmarkIndex = Math.round(
      median(reports.flatMap((r) => r.runs.map((run) => run.benchmarkIndex))),
    );
    const machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      benchmarkIndex,
      loadAverage: { start: loadStart, end: loadavg().map((n) => round(n, 1)) },
    };
    console.log(
      `\n  machine: ${machine.cpus} x ${machine.cpuModel}; Lighthouse benchmarkIndex ${benchmarkIndex} (median); ` +
        `load average ${machine.loadAverage.start[0]} at the start, ${machine.loadAverage.end[0]} at the end`,
    );
    const runSeconds = round((performance.now() - runStarted) / 1000, 1);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      lighthouse: reports[0]!.runs[0]!.lighthouseVersion,
      preset: 'mobile (default config), simulated throttling',
      chrome: { path: CHROME_PATH, userAgent: reports[0]!.runs[0]!.hostUserAgent },
      machine,
      shop: values.url ? { url: base } : { url: base, products: PRODUCTS },
      runs: RUNS,
      goals: GOALS,
      homeInitial: {
        files: sizes.files,
        jsGzipKb: round(sizes.totals.js / 1024, 1),
        cssGzipKb: round(sizes.totals.css / 1024, 1),
      },
      pages: reports,
      runSeconds,
    };
    writeFileSync(join(ROOT, 'bench', 'results', 'web.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n  wrote bench/results/web.json; the run took ${runSeconds} s`);
  } finally {
    await shop?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
