/**
 * npm run load:mixed — several shoppers and browsers (listings, product pages, search and suggest) on the local shop at once, checking what a shop owner cares
 * about while it runs: no 5xx, no false 401 (a signed-in shopper told to log in), no lost cart line, nobody sees
 * another shopper's data, every confirmed order listed. Starts its own local shop on free ports (embedded back ends;
 * REDIS_URL / DATABASE_URL use servers), or drives a running one with LOAD_URL.
 * Settings: LOAD_SECONDS (60), LOAD_SHOPPERS (4), LOAD_BROWSERS (2), LOAD_REDIS_STOP_AFTER (seconds; stops the
 * redis-server on REDIS_URL's port via redis-cli SHUTDOWN at that point, to exercise the fail-open cache).
 * Prints a table, writes bench/results/mixed-load.json, exits 1 on any violation.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { totpCode } from '../domain/admin/totp.js';
import { type LocalShop, startLocalShop } from '../local/shop.js';
import { localShopConfig } from '../tests/support/local-shop-config.js';
import { TEST_ADDRESS } from '../tests/support/shipping.js';
import { printTable } from './lib/load.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const SHOPPERS = Number(process.env.LOAD_SHOPPERS ?? 4);
const BROWSERS = Number(process.env.LOAD_BROWSERS ?? 2);
const REDIS_STOP_AFTER = process.env.LOAD_REDIS_STOP_AFTER ? Number(process.env.LOAD_REDIS_STOP_AFTER) : null;

const stats = new Map<string, { statuses: Map<number, number>; latencies: number[] }>();
const violations: string[] = [];
const violation = (what: string) => {
  if (violations.length < 200) violations.push(what);
};

function record(route: string, status: number, ms: number) {
  const entry = stats.get(route) ?? { statuses: new Map<number, number>(), latencies: [] as number[] };
  entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  entry.latencies.push(ms);
  stats.set(route, entry);
  if (status >= 500 || status === 0) violation(`${route} answered ${status}`);
}

/** One client with its own cookies; every call is recorded under its route name. */
function client(base: string, jar = new Map<string, string>()) {
  return async (
    route: string,
    path: string,
    init: { body?: unknown; method?: string; key?: string; headers?: Record<string, string> } = {},
  ) => {
    const started = performance.now();
    let status = 0;
    // biome-ignore lint/suspicious/noExplicitAny: the driver checks whatever JSON each route answers
    let body: any = null;
    try {
      const response = await fetch(`${base}${path}`, {
        method: init.method ?? (init.body ? 'POST' : 'GET'),
        headers: {
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.key ? { 'idempotency-key': init.key } : {}),
          ...init.headers,
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair] = header.split(';');
        const [name, value] = pair!.split('=');
        if (value) jar.set(name!, value);
        else jar.delete(name!);
      }
      status = response.status;
      const text = await response.text();
      body = text ? JSON.parse(text) : null;
    } catch (error) {
      violation(`${route}: ${(error as Error).message}`);
    }
    record(route, status, performance.now() - started);
    return { status, body };
  };
}

interface Shopper {
  email: string;
  orders: string[];
  call: ReturnType<typeof client>;
}

async function catalogSkus(base: string): Promise<string[]> {
  const page = (await (await fetch(`${base}/api/products?limit=60&sort=popularity`)).json()) as {
    items: { slug: string }[];
  };
  type Product = { variants: { sku: string; availability: { count: number } }[] };
  const products = await Promise.all(
    page.items.map(
      async ({ slug }) => (await (await fetch(`${base}/api/products/${slug}`)).json()) as Product,
    ),
  );
  return products.flatMap((p) => p.variants.filter((v) => v.availability.count > 20).map((v) => v.sku));
}

async function shopper(base: string, index: number, skus: string[], until: number, all: Shopper[]) {
  const call = client(base);
  const me: Shopper = { email: `load${index}.${Date.now()}@example.com`, orders: [], call };
  const registered = await call('register', '/api/auth/register', {
    body: { email: me.email, password: 'load-password-1', name: `Load ${index}` },
  });
  if (registered.status !== 201)
    return violation(`shopper ${index} could not register: ${registered.status}`);
  all.push(me);
  const saved = await call('save address', '/api/addresses', {
    body: { ...TEST_ADDRESS, name: `Load ${index}`, country: index % 2 ? 'DE' : 'US' },
  });
  if (saved.status !== 201) violation(`shopper ${index} could not save an address: ${saved.status}`);
  let round = 0;
  while (Date.now() < until) {
    round++;
    const added = new Map<string, number>();
    for (let i = 0; i < 1 + (round % 3); i++) {
      const sku = skus[(index * 7 + round * 3 + i) % skus.length]!;
      const quantity = 1 + ((round + i) % 2);
      const answer = await call('add to cart', '/api/cart/items', { body: { sku, quantity } });
      if (answer.status === 401) violation(`false 401 on add to cart for ${me.email}`);
      if (answer.status === 201) added.set(sku, (added.get(sku) ?? 0) + quantity);
    }
    const cart = await call('view cart', '/api/cart');
    if (cart.status === 401) violation(`false 401 on the cart of ${me.email}`);
    for (const [sku, quantity] of added) {
      const line = cart.body?.lines?.find((l: { sku: string }) => l.sku === sku);
      if (!line || line.quantity < quantity) violation(`lost cart line ${sku} x${quantity} for ${me.email}`);
    }
    // Half the rounds ship to the saved address by express, half to an address typed in, by standard.
    const bySaved = round % 2 === 0 && saved.status === 201;
    const shipping = bySaved
      ? { shippingMethod: 'express', addressId: saved.body.id }
      : { shippingMethod: 'standard', shippingAddress: TEST_ADDRESS };
    const quote = await call(
      'quote',
      `/api/checkout/quote?method=${shipping.shippingMethod}&${bySaved ? `addressId=${saved.body.id}` : 'country=US'}`,
    );
    if (quote.status === 401) violation(`false 401 on the quote of ${me.email}`);
    const order = await call('checkout', '/api/checkout', {
      body: { paymentToken: 'tok_visa', ...shipping },
      key: `load-${index}-${round}`,
    });
    if (order.status === 401) violation(`false 401 at checkout for ${me.email}`);
    if (order.status === 422) violation(`checkout ${me.email} round ${round}: 422 ${order.body?.detail}`);
    if (order.status === 201) {
      me.orders.push(order.body.id);
      if (quote.status === 200 && order.body.total.amount !== quote.body.total.amount)
        violation(`${me.email} was quoted ${quote.body.total.amount} and charged ${order.body.total.amount}`);
      const { subtotal, shipping: sent, tax, total } = order.body;
      if (total.amount !== subtotal.amount + sent.amount.amount + tax.amount.amount)
        violation(`order ${order.body.id}: total is not subtotal + shipping + tax`);
    }
    const addresses = await call('list addresses', '/api/addresses');
    for (const address of addresses.body?.items ?? [])
      if (address.id !== saved.body?.id)
        violation(`${me.email} sees address ${address.id} that is not its own`);
    const listed = await call('list orders', '/api/orders');
    if (listed.status === 401) violation(`false 401 on the orders of ${me.email}`);
    const ids = new Set<string>((listed.body?.items ?? []).map((o: { id: string }) => o.id));
    // The list shows the newest 50 orders.
    for (const id of me.orders.slice(-50))
      if (!ids.has(id)) violation(`${me.email} does not see its order ${id}`);
    const others = all.filter((s) => s !== me).flatMap((s) => s.orders);
    for (const id of ids)
      if (!me.orders.includes(id)) violation(`${me.email} sees order ${id} that is not its own`);
    const foreign = others[round % Math.max(1, others.length)];
    if (foreign) {
      const peek = await call('get order', `/api/orders/${foreign}`);
      if (peek.status !== 404)
        violation(`${me.email} read another shopper's order ${foreign}: ${peek.status}`);
    }
    const who = await call('me', '/api/me');
    if (who.status !== 200 || who.body?.user?.email !== me.email)
      violation(`/api/me for ${me.email} answered ${who.status} ${who.body?.user?.email ?? ''}`);
  }
}

async function browserLoop(base: string, index: number, until: number) {
  const call = client(base);
  const categories = (await call('categories', '/api/categories')).body?.items ?? [];
  let round = 0;
  while (Date.now() < until) {
    round++;
    const category = categories[(index + round) % Math.max(1, categories.length)]?.slug;
    const page = await call('list products', `/api/products?category=${category ?? ''}&limit=24&sort=newest`);
    const items = page.body?.items ?? [];
    if (page.body?.nextCursor)
      await call(
        'list products',
        `/api/products?category=${category}&limit=24&cursor=${page.body.nextCursor}`,
      );
    for (const item of items.slice(0, 3)) await call('product page', `/api/products/${item.slug}`);
    const words = ['hedphones', 'boots', 'coffee beans', 'black jacket', 'yoga mat', 'kestrel backpack'];
    const word = words[(index + round) % words.length]!;
    await call('search', `/api/search?q=${encodeURIComponent(word)}&limit=24`);
    await call('suggest', `/api/search/suggest?q=${encodeURIComponent(word.slice(0, 3))}`);
    await call('cart (guest)', '/api/cart');
  }
}

interface Operator {
  email: string;
  password: string;
  totpSecret: string;
}

/**
 * A shop operator at the admin while the shop sells: ships the newest paid orders, refunds a little of some,
 * restocks a SKU with a reason, and looks at the dashboard and the audit trail. What it shipped is checked from the
 * shoppers' side afterwards.
 */
async function operatorLoop(
  adminBase: string,
  who: Operator,
  skus: string[],
  until: number,
  shipped: Set<string>,
) {
  const jar = new Map<string, string>();
  const call = client(adminBase, jar);
  const login = await call('admin login', '/admin/api/login', {
    body: { email: who.email, password: who.password, code: totpCode(who.totpSecret, Date.now()) },
  });
  if (login.status !== 200) return violation(`the operator could not sign in: ${login.status}`);
  const write = (route: string, path: string, body: unknown) =>
    call(route, path, { body, headers: { 'x-csrf-token': jar.get('admin_csrf') ?? '' } });
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  let round = 0;
  while (Date.now() < until) {
    round++;
    const paid = await call('admin list orders', '/admin/api/orders?status=CONFIRMED&limit=20');
    if (paid.status === 401) violation('false 401 for the operator on the orders list');
    const next = (paid.body?.items ?? []).find((o: { id: string }) => !shipped.has(o.id));
    if (next) {
      const answer = await write('admin ship', `/admin/api/orders/${next.id}/ship`, {
        carrier: 'UPS',
        trackingNumber: `1Z${String(round).padStart(8, '0')}`,
      });
      if (answer.status === 200) shipped.add(next.id);
      else if (answer.status !== 409) violation(`shipping ${next.id} answered ${answer.status}`);
      if (round % 3 === 0 && answer.status === 200) {
        const refund = await write('admin refund', `/admin/api/orders/${next.id}/refund`, {
          amount: { amount: 100, currency: next.total.currency },
          reason: 'load: goodwill',
        });
        if (refund.status !== 200) violation(`refunding ${next.id} answered ${refund.status}`);
      }
    }
    if (round % 5 === 0) {
      const restock = await write('admin stock', '/admin/api/stock-adjustments', {
        sku: skus[round % skus.length],
        delta: 3,
        reason: 'load: delivery received',
      });
      if (restock.status !== 200) violation(`a stock adjustment answered ${restock.status}`);
    }
    await call('admin sales', `/admin/api/analytics/sales?from=${monthAgo}&to=${today}`);
    await call('admin top products', `/admin/api/analytics/top-products?from=${monthAgo}&to=${today}`);
    await call('admin audit', '/admin/api/audit?limit=20');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

async function main() {
  let shop: LocalShop | undefined;
  let dataDir: string | undefined;
  let base = process.env.LOAD_URL;
  if (!base) {
    dataDir = mkdtempSync(join(tmpdir(), 'shop-load-'));
    const extra: Record<string, string> = {};
    if (process.env.REDIS_URL) extra.REDIS_URL = process.env.REDIS_URL;
    if (process.env.DATABASE_URL) extra.DATABASE_URL = process.env.DATABASE_URL;
    console.log('Starting a local shop for the load...');
    shop = await startLocalShop({ config: await localShopConfig(dataDir, 2400, extra), quiet: true });
    base = shop.urls.edge;
  }
  try {
    const skus = await catalogSkus(base);
    const until = Date.now() + SECONDS * 1000;
    const shoppers: Shopper[] = [];
    const stopRedis =
      REDIS_STOP_AFTER !== null && process.env.REDIS_URL
        ? setTimeout(() => {
            const port = new URL(process.env.REDIS_URL!).port || '6379';
            console.log(`Stopping Redis on port ${port} (${REDIS_STOP_AFTER} s in)...`);
            execFileSync('redis-cli', ['-p', port, 'shutdown', 'nosave'], { stdio: 'ignore' });
          }, REDIS_STOP_AFTER * 1000)
        : null;
    const shipped = new Set<string>();
    const operator = shop?.admin.admins.find((admin) => admin.role === 'owner');
    console.log(
      `Driving ${SHOPPERS} shoppers, ${BROWSERS} browsers${operator ? ' and an operator at the admin' : ''} against ${base} for ${SECONDS} s...`,
    );
    await Promise.all([
      ...Array.from({ length: SHOPPERS }, (_, i) => shopper(base!, i, skus, until, shoppers)),
      ...Array.from({ length: BROWSERS }, (_, i) => browserLoop(base!, i, until)),
      ...(operator ? [operatorLoop(shop!.urls.admin, operator, skus, until, shipped)] : []),
    ]);
    // What the operator shipped, its shopper sees shipped.
    for (const shopper of shoppers)
      for (const id of shopper.orders.filter((order) => shipped.has(order))) {
        const seen = await shopper.call('get order', `/api/orders/${id}`);
        if (!['SHIPPED', 'DELIVERED'].includes(seen.body?.status))
          violation(`${shopper.email} sees its shipped order ${id} as ${seen.body?.status}`);
      }
    if (stopRedis) clearTimeout(stopRedis);
    const rows = [...stats].map(([route, s]) => [
      route,
      s.latencies.length,
      [...s.statuses].map(([status, n]) => `${status}x${n}`).join(' '),
      percentile(s.latencies, 50),
      percentile(s.latencies, 99),
    ]);
    printTable(
      `Mixed load, ${SECONDS} s, ${SHOPPERS} shoppers + ${BROWSERS} browsers`,
      ['route', 'requests', 'statuses', 'p50 ms', 'p99 ms'],
      rows,
    );
    const orders = shoppers.reduce((n, s) => n + s.orders.length, 0);
    console.log(
      `\nConfirmed orders: ${orders}. Shipped by the operator: ${shipped.size}. Violations: ${violations.length}`,
    );
    for (const line of violations.slice(0, 30)) console.log(`  - ${line}`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench', 'results', 'mixed-load.json'),
      JSON.stringify(
        {
          seconds: SECONDS,
          shoppers: SHOPPERS,
          browsers: BROWSERS,
          orders,
          shippedByOperator: shipped.size,
          violations,
          routes: Object.fromEntries(rows.map((r) => [r[0], r.slice(1)])),
        },
        null,
        2,
      ),
    );
    process.exitCode = violations.length > 0 ? 1 : 0;
  } finally {
    await shop?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
