import { SHIP_STANDARD } from './shipping.js';

/** One answer a shopper got: which route, in which phase of the test, its status (0: no answer) and time. */
export interface Answer {
  route: string;
  phase: string;
  status: number;
  ms: number;
}

const ROUTES = ['catalog', 'product', 'login', 'cart', 'add to cart', 'checkout'] as const;
export type JourneyRoute = (typeof ROUTES)[number];

/** The status each step of the journey answers when all is well. */
const EXPECTED: Record<JourneyRoute, number> = {
  catalog: 200,
  product: 200,
  login: 200,
  cart: 200,
  'add to cart': 201,
  checkout: 201,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Shoppers walking the shop through its edge in a loop (catalog page, product page, login once per phase, cart, add,
 * checkout) and recording every answer with the phase the test says it is in. Phases let a fault test compare the
 * shop before, during and after the fault on the same journeys.
 */
export class ShopTraffic {
  readonly answers: Answer[] = [];
  phase = 'before';
  private running: Promise<void>[] = [];
  private stopped = false;
  private skus: string[] = [];
  private products: string[] = [];

  constructor(
    private readonly edge: string,
    private readonly shoppers: number,
  ) {}

  /** Registers the shoppers and picks products and SKUs with stock for them. */
  async start(): Promise<void> {
    const page = (await (await fetch(`${this.edge}/api/products?limit=48`)).json()) as {
      items: { slug: string }[];
    };
    this.products = page.items.map((p) => p.slug);
    for (const slug of this.products.slice(0, 24)) {
      const product = (await (await fetch(`${this.edge}/api/products/${slug}`)).json()) as {
        variants: { sku: string; availability: { count: number } }[];
      };
      for (const variant of product.variants)
        if (variant.availability.count >= 20) this.skus.push(variant.sku);
    }
    if (this.skus.length === 0) throw new Error('no SKU with stock to check out');
    const run = Date.now().toString(36);
    for (let i = 0; i < this.shoppers; i++) {
      const email = `traffic-${run}-${i}@example.com`;
      const shopper = new Shopper(this.edge);
      const registered = await shopper.send('POST', '/api/auth/register', {
        email,
        password: 'traffic-password-1',
        name: 'T',
      });
      if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
      this.running.push(this.walk(shopper, email, i));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }

  /** Answers in `phase` (all when unset) that are not what the route answers when all is well. */
  unexpected(phase?: string): Answer[] {
    return this.answers.filter(
      (a) => (phase === undefined || a.phase === phase) && a.status !== EXPECTED[a.route as JourneyRoute],
    );
  }

  count(phase: string, route?: string): number {
    return this.answers.filter((a) => a.phase === phase && (route === undefined || a.route === route)).length;
  }

  /** p50 / p99 per phase and route, with the requests counted and the 5xx, as a printable table. */
  table(phases: readonly string[]): string {
    const rows = [['route', ...phases.flatMap((p) => [`${p} n`, `${p} p50`, `${p} p99`, `${p} 5xx`])]];
    for (const route of [...ROUTES, 'all']) {
      const row = [route];
      for (const phase of phases) {
        const answers = this.answers.filter(
          (a) => a.phase === phase && (route === 'all' || a.route === route),
        );
        const ms = answers.map((a) => a.ms).sort((x, y) => x - y);
        const at = (q: number) =>
          ms.length ? `${ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(0)} ms` : '-';
        row.push(
          String(answers.length),
          at(0.5),
          at(0.99),
          String(answers.filter((a) => a.status >= 500 || a.status === 0).length),
        );
      }
      rows.push(row);
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c]!)).join('  ')).join('\n');
  }

  private async walk(shopper: Shopper, email: string, index: number): Promise<void> {
    let loggedInPhase = '';
    for (let n = 0; !this.stopped; n++) {
      const step = async (
        route: JourneyRoute,
        method: string,
        path: string,
        body?: unknown,
        key?: string,
      ) => {
        const phase = this.phase;
        const started = performance.now();
        const { status } = await shopper.send(method, path, body, key);
        this.answers.push({ route, phase, status, ms: performance.now() - started });
        return status;
      };
      await step('catalog', 'GET', `/api/products?limit=12&sort=${n % 2 ? 'price_asc' : 'newest'}`);
      await step('product', 'GET', `/api/products/${this.products[(n + index) % this.products.length]}`);
      if (this.phase !== loggedInPhase) {
        loggedInPhase = this.phase;
        await step('login', 'POST', '/api/auth/login', { email, password: 'traffic-password-1' });
      }
      await step('cart', 'GET', '/api/cart');
      const sku = this.skus[(n * this.shoppers + index) % this.skus.length]!;
      if ((await step('add to cart', 'POST', '/api/cart/items', { sku, quantity: 1 })) === 201)
        await step(
          'checkout',
          'POST',
          '/api/checkout',
          { paymentToken: 'tok_visa', ...SHIP_STANDARD },
          `traffic-${email}-${n}`,
        );
      await sleep(20);
    }
  }
}

/** One shopper's cookies and requests (10 s at most per request: a hang counts as no answer). */
class Shopper {
  private cookies = new Map<string, string>();

  constructor(private readonly edge: string) {}

  async send(method: string, path: string, body?: unknown, idempotencyKey?: string) {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    try {
      const response = await fetch(`${this.edge}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair!.indexOf('=');
        this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      const text = await response.text();
      return { status: response.status, text };
    } catch {
      return { status: 0, text: '' };
    }
  }
}
