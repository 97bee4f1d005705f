import { createHash } from 'node:crypto';
import type { SkuCatalog } from '../cart/cart.ports.js';
import type { CartService } from '../cart/cart.service.js';
import { conflict, DomainError, invalid, unprocessable } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { multiply, sum } from '../shared/money.js';
import type { Order, OrderLine, StoredResponse } from './order.js';
import type { ExistingOrder, OrderStore, PaymentGateway, PaymentOutcome } from './orders.ports.js';

export interface CheckoutRequest {
  userId: string;
  idempotencyKey: string;
  paymentToken: string;
}

export interface CheckoutSettings {
  paymentTimeoutMs: number;
  /** How long a duplicate request waits for the first one's outcome before answering "pending". */
  duplicateWaitMs: number;
}

const problem = (error: DomainError, status: number): StoredResponse => ({
  status,
  body: {
    type: `/problems/${error.code.toLowerCase().replace(/[._]/g, '-')}`,
    title: error.kind,
    status,
    detail: error.message,
    code: error.code,
  },
});

/**
 * Checkout, exactly once: one transaction records the order and takes the stock; payment is authorized outside any
 * transaction (idempotency key = order id); a second transaction confirms, or fails and returns the stock. A repeated
 * Idempotency-Key gets the first answer back. Orders a crash leaves PENDING are resolved by `recover`.
 */
export class CheckoutService {
  constructor(
    private readonly orders: OrderStore,
    private readonly carts: CartService,
    private readonly catalog: SkuCatalog,
    private readonly payments: PaymentGateway,
    private readonly settings: CheckoutSettings,
  ) {}

  async checkout(request: CheckoutRequest): Promise<StoredResponse> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ token: request.paymentToken }))
      .digest('hex');
    const earlier = await this.orders.findExisting(request.userId, request.idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash, request);

    const lines = await this.priceCart(request.userId);
    const orderId = newId('ord');
    const total = sum(
      lines.map((l) => l.lineTotal),
      lines[0]!.unitPrice.currency,
    );
    const createdAt = new Date().toISOString();
    const placed = await this.orders.placePending({
      orderId,
      userId: request.userId,
      idempotencyKey: request.idempotencyKey,
      requestHash,
      paymentToken: request.paymentToken,
      total,
      lines,
      createdAt,
    });
    if (placed.kind === 'existing') return this.replay(placed.order, requestHash, request);
    if (placed.kind === 'out_of_stock') {
      throw conflict(
        'CHECKOUT.OUT_OF_STOCK',
        `not enough stock for ${placed.skus.join(', ')}`,
        placed.skus.map((sku) => ({ path: `cart.${sku}`, message: 'not enough stock' })),
      );
    }
    const outcome = await this.authorize(orderId, total, request.paymentToken);
    const pending: Order = { id: orderId, status: 'PENDING', lines, total, createdAt, updatedAt: createdAt };
    return this.settle(request.userId, orderId, outcome, pending);
  }

  /** Resolves PENDING orders older than `olderThanMs` by asking the gateway what happened to their payment. */
  async recover(
    olderThanMs: number,
    limit = 100,
  ): Promise<{ confirmed: number; failed: number; undecided: number }> {
    const stale = await this.orders.findStalePending(new Date(Date.now() - olderThanMs), limit);
    const counts = { confirmed: 0, failed: 0, undecided: 0 };
    for (const order of stale) {
      let decided: PaymentOutcome;
      try {
        decided = await this.finalOutcome(order.orderId);
      } catch {
        counts.undecided++;
        continue;
      }
      const response = await this.settle(order.userId, order.orderId, decided);
      if (response.status === 201) counts.confirmed++;
      else counts.failed++;
    }
    return counts;
  }

  /**
   * What the card network did with an order's payment, made final: a payment it never finished is cancelled there
   * before the order may fail, so a request still in flight can never charge an order that was failed meanwhile.
   */
  private async finalOutcome(orderId: string): Promise<PaymentOutcome> {
    const seen = await this.payments.lookup(orderId, AbortSignal.timeout(this.settings.paymentTimeoutMs));
    if (seen.status !== 'unknown') return seen;
    const final = await this.payments.cancel(orderId, AbortSignal.timeout(this.settings.paymentTimeoutMs));
    if (final.status === 'unknown') throw new Error(`the payment of ${orderId} is still undecided`);
    return final;
  }

  listOrders(userId: string): Promise<Order[]> {
    return this.orders.listForUser(userId, 50);
  }

  async getOrder(userId: string, orderId: string): Promise<Order> {
    const order = await this.orders.getForUser(userId, orderId);
    if (!order) throw new DomainError('ORDERS.NOT_FOUND', 'not_found', `no order ${orderId}`);
    return order;
  }

  private async priceCart(userId: string): Promise<OrderLine[]> {
    const cart = await this.carts.current(userId);
    if (cart.lines.length === 0)
      throw unprocessable('CHECKOUT.EMPTY_CART', 'the cart is empty: add something first');
    const infos = await this.catalog.getSkus(cart.lines.map((l) => l.sku));
    const gone = cart.lines.filter((l) => !infos.get(l.sku)?.active).map((l) => l.sku);
    if (gone.length > 0) {
      throw unprocessable(
        'CHECKOUT.UNAVAILABLE_SKU',
        `no longer for sale: ${gone.join(', ')}; remove them from the cart`,
        gone.map((sku) => ({ path: `cart.${sku}`, message: 'not for sale' })),
      );
    }
    return cart.lines.map((line) => {
      const info = infos.get(line.sku)!;
      return {
        sku: line.sku,
        productId: info.productId,
        name: info.name,
        unitPrice: info.price,
        quantity: line.quantity,
        lineTotal: multiply(info.price, line.quantity),
      };
    });
  }

  private async authorize(orderId: string, amount: Order['total'], token: string): Promise<PaymentOutcome> {
    try {
      return await this.payments.authorize(
        { idempotencyKey: orderId, amount, token },
        AbortSignal.timeout(this.settings.paymentTimeoutMs),
      );
    } catch {
      return { status: 'unknown' };
    }
  }

  /**
   * Second transaction: CONFIRMED with the payment, or FAILED with the stock returned; unknown stays PENDING.
   * `known` is the order as this request placed it (the sweeper reads it instead).
   */
  private async settle(
    userId: string,
    orderId: string,
    outcome: PaymentOutcome,
    known?: Order,
  ): Promise<StoredResponse> {
    const pending = known ?? (await this.orders.getForUser(userId, orderId))!;
    if (outcome.status === 'unknown') return { status: 202, body: pending };
    const now = new Date().toISOString();
    let response: StoredResponse;
    let settled: boolean;
    if (outcome.status === 'authorized') {
      response = { status: 201, body: { ...pending, status: 'CONFIRMED', updatedAt: now } satisfies Order };
      const payment = { provider: this.payments.name, reference: outcome.reference, amount: pending.total };
      settled = await this.orders.confirm(orderId, payment, response);
      // Before answering, so the buyer's next checkout cannot buy these lines again. Best effort: the
      // order.confirmed event does the same (once per order) if this fails.
      if (settled) await this.carts.removePurchased(userId, orderId, pending.lines).catch(() => {});
    } else {
      const declined = new DomainError(
        'CHECKOUT.PAYMENT_DECLINED',
        'payment_required',
        `the payment was declined (${outcome.reason}); your cart is kept, try another card`,
      );
      response = problem(declined, 402);
      settled = await this.orders.fail(orderId, outcome.reason, response);
    }
    if (settled) return response;
    // Someone else (a duplicate request or the sweeper) settled it first: every caller gets that answer.
    return (await this.orders.responseOf(orderId)) ?? this.pendingResponse(userId, orderId);
  }

  private async replay(
    existing: ExistingOrder,
    requestHash: string,
    request: CheckoutRequest,
  ): Promise<StoredResponse> {
    if (existing.requestHash !== requestHash) {
      throw unprocessable(
        'CHECKOUT.IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used for a different request: use a new key',
      );
    }
    const deadline = Date.now() + this.settings.duplicateWaitMs;
    let current: ExistingOrder | null = existing;
    while (current && !current.response && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      current = await this.orders.findExisting(request.userId, request.idempotencyKey);
    }
    return current?.response ?? this.pendingResponse(request.userId, existing.orderId);
  }

  private async pendingResponse(userId: string, orderId: string): Promise<StoredResponse> {
    const order = await this.orders.getForUser(userId, orderId);
    return { status: 202, body: order };
  }
}

export const checkIdempotencyKey = (key: string | undefined): string => {
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw invalid(
      'CHECKOUT.IDEMPOTENCY_KEY_REQUIRED',
      'send an Idempotency-Key header (1-200 visible ASCII characters, e.g. a UUID) so a retry cannot order twice',
    );
  }
  return key;
};
