import { type Kysely, sql } from 'kysely';
import type { Database } from '../../adapters/postgres/database.js';

const MINUTE_MS = 60_000;
const SESSION_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The storefront's view and add-to-cart events behind a demo history, in columns ready for one unnest insert. A buyer's
 * session views what it bought and a few things more, then adds each line, minutes before the order; about as many
 * sessions again only browse (a third of them add something and leave). Per order that is ~6 views and ~2 adds.
 */
export class DemoEvents {
  readonly type: string[] = [];
  readonly product: string[] = [];
  readonly session: string[] = [];
  readonly at: string[] = [];

  constructor(
    private readonly random: () => number,
    private readonly pickProduct: () => string,
  ) {}

  /** The session that ended in an order at `orderAt` buying `productIds`. */
  buyer(productIds: readonly string[], orderAt: number): void {
    const session = this.sessionId();
    const start = orderAt - (5 + Math.floor(this.random() * 25)) * MINUTE_MS;
    const browsed = Math.floor(this.random() * 4);
    for (let i = 0; i < browsed; i++)
      this.push('product_view', this.pickProduct(), session, start + i * MINUTE_MS);
    productIds.forEach((id, i) => {
      const at = start + (browsed + i) * MINUTE_MS;
      this.push('product_view', id, session, at);
      this.push('add_to_cart', id, session, at + 30_000);
    });
  }

  /** A session that looked around at `at` and bought nothing. */
  browser(at: number): void {
    const session = this.sessionId();
    const views = 1 + Math.floor(this.random() * 5);
    for (let i = 0; i < views; i++) {
      const product = this.pickProduct();
      this.push('product_view', product, session, at + i * MINUTE_MS);
      if (this.random() < 0.1) this.push('add_to_cart', product, session, at + i * MINUTE_MS + 30_000);
    }
  }

  get size(): number {
    return this.type.length;
  }

  async insert(db: Kysely<Database>): Promise<void> {
    if (this.size === 0) return;
    await sql`INSERT INTO shopper_events (type, product_id, session_id, at)
      SELECT * FROM unnest(${this.type}::text[], ${this.product}::text[], ${this.session}::text[],
                           ${this.at}::timestamptz[])`.execute(db);
  }

  private push(type: 'product_view' | 'add_to_cart', productId: string, session: string, at: number) {
    this.type.push(type);
    this.product.push(productId);
    this.session.push(session);
    this.at.push(new Date(at).toISOString());
  }

  /** 22 characters from the seeded generator: like the storefront's random session ids, and repeatable. */
  private sessionId(): string {
    let id = '';
    for (let i = 0; i < 22; i++) id += SESSION_ALPHABET[Math.floor(this.random() * 64)];
    return id;
  }
}
