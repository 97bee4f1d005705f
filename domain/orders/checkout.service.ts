import { createHash } from 'node:crypto';
import type { SkuCatalog, SkuInfo } from '../cart/cart.ports.js';
import type { CartLineView, CartService } from '../cart/cart.service.js';
import { conflict, DomainError, invalid, notFound, unprocessable } from '../shared/errors.js';
import { isId, newId } from '../shared/ids.js';
import { type Money, multiply, sum } from '../shared/money.js';
import { type AddressInput, type ShippingAddress, shippingAddress } from './address.js';
import { type AddressBook, asShippingAddress } from './address-book.js';
import type { Order, OrderLine, StoredResponse } from './order.js';
import type { ExistingOrder, OrderStore, PaymentGateway, PaymentOutcome } from './orders.ports.js';
import { priceOrder } from './pricing.js';
import {
  isShippingCountry,
  isShippingMethod,
  SHIPPING_COUNTRIES,
  SHIPPING_METHODS,
  type ShippingCountry,
  type ShippingMethod,
  type ShippingQuote,
} from './shipping.js';
import type { TaxQuote } from './tax.js';

export interface CheckoutRequest {
  userId: string;
  idempotencyKey: string;
  paymentToken: string;
  shippingMethod: ShippingMethod;
  /** Exactly one of `shippingAddress` (the address to ship to) and `addressId` (one of the user's saved ones). */
  shippingAddress?: AddressInput | undefined;
  addressId?: string | undefined;
}

export interface QuoteRequest {
  userId: string;
  shippingMethod: ShippingMethod;
  /** Exactly one of `country` and `addressId` (a saved address, whose country is used). */
  country?: string | undefined;
  addressId?: string | undefined;
}

/** What checking the cart out now would cost, before anything is reserved or charged. */
export interface CheckoutQuote {
  lines: CartLineView[];
  subtotal: Money;
  shipping: ShippingQuote;
  tax: TaxQuote;
  total: Money;
}

/** A cart line priced from the catalog as checkout prices it. */
interface PricedLine {
  info: SkuInfo;
  quantity: number;
  lineTotal: Money;
}

type Destination = { address: ShippingAddress } | { addressId: string };

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
    /** Saved addresses, for checkouts and quotes that name one by id (the sweeper needs none). */
    private readonly addresses?: AddressBook,
  ) {}

  async checkout(request: CheckoutRequest): Promise<StoredResponse> {
    const method = checkMethod(request.shippingMethod);
    const destination = destinationOf(request);
    // The whole intent: the same key with another card, method or address is another request (422).
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ token: request.paymentToken, method, ...destination }))
      .digest('hex');
    const earlier = await this.orders.findExisting(request.userId, request.idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash, request);

    const address = await this.addressOf(request.userId, destination);
    const priced = await this.priceCart(request.userId);
    const lines = priced.map(orderLine);
    const price = priceOrder(subtotalOf(priced), address.country, method);
    const orderId = newId('ord');
    const createdAt = new Date().toISOString();
    const shipping = { method, amount: price.shipping.amount };
    const pending: Order = {
      id: orderId,
      status: 'PENDING',
      lines,
      subtotal: price.subtotal,
      shipping,
      tax: price.tax,
      total: price.total,
      shippingAddress: address,
      createdAt,
      updatedAt: createdAt,
    };
    const placed = await this.orders.placePending({
      orderId,
      userId: request.userId,
      idempotencyKey: request.idempotencyKey,
      requestHash,
      paymentToken: request.paymentToken,
      subtotal: price.subtotal,
      shipping,
      tax: price.tax,
      total: price.total,
      shippingAddress: address,
      lines: lines.map((line, i) => ({ ...line, categoryId: priced[i]!.info.categoryId })),
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
    const outcome = await this.authorize(orderId, price.total, request.paymentToken);
    return this.settle(request.userId, orderId, outcome, pending);
  }

  /**
   * What checking out the user's cart now would cost, shipped to `country` (or a saved address's country) by the
   * method: priced exactly as `checkout` prices it, nothing reserved.
   */
  async quote(request: QuoteRequest): Promise<CheckoutQuote> {
    const method = checkMethod(request.shippingMethod);
    const country = await this.countryOf(request);
    const priced = await this.priceCart(request.userId);
    const price = priceOrder(subtotalOf(priced), country, method);
    return {
      lines: priced.map(({ info, quantity, lineTotal }) => ({
        sku: info.sku,
        productId: info.productId,
        productSlug: info.productSlug,
        name: info.name,
        quantity,
        unitPrice: info.price,
        lineTotal,
        availability: info.availability,
      })),
      subtotal: price.subtotal,
      shipping: price.shipping,
      tax: price.tax,
      total: price.total,
    };
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

  private async countryOf(request: QuoteRequest): Promise<ShippingCountry> {
    const byCountry = request.country !== undefined;
    if (byCountry === (request.addressId !== undefined)) {
      throw unprocessable(
        byCountry ? 'CHECKOUT.ONE_DESTINATION' : 'CHECKOUT.DESTINATION_REQUIRED',
        byCountry
          ? 'give either country or addressId, not both'
          : 'give the country to ship to, or addressId (a saved address)',
        [{ path: 'query.country', message: 'country or addressId, exactly one' }],
      );
    }
    if (byCountry) {
      if (!isShippingCountry(request.country!)) {
        throw invalid('SHIPPING.UNKNOWN_COUNTRY', `the shop ships to ${SHIPPING_COUNTRIES.join(', ')}`, [
          { path: 'query.country', message: `must be one of ${SHIPPING_COUNTRIES.join(', ')}` },
        ]);
      }
      return request.country as ShippingCountry;
    }
    const address = await this.addressOf(request.userId, {
      addressId: checkAddressId(request.addressId!, 'query'),
    });
    return address.country;
  }

  /** The address to ship to: as given, or the user's saved one (another user's is a 404, as a missing one). */
  private async addressOf(userId: string, destination: Destination): Promise<ShippingAddress> {
    if ('address' in destination) return destination.address;
    if (!this.addresses) throw new Error('CheckoutService was built without an address book');
    const saved = await this.addresses.get(userId, destination.addressId);
    if (!saved) throw notFound('ADDRESSES.NOT_FOUND', `no saved address ${destination.addressId}`);
    if (!isShippingCountry(saved.country)) {
      throw unprocessable(
        'CHECKOUT.NOT_SHIPPED_TO',
        `the shop no longer ships to ${saved.country}: choose another address`,
        [{ path: 'body.addressId', message: `the shop does not ship to ${saved.country}` }],
      );
    }
    return asShippingAddress(saved);
  }

  private async priceCart(userId: string): Promise<PricedLine[]> {
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
      return { info, quantity: line.quantity, lineTotal: multiply(info.price, line.quantity) };
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
    const response = current?.response;
    if (!response) return this.pendingResponse(request.userId, existing.orderId);
    // A retry after a lost answer: the first attempt may have confirmed and stopped before it took the lines out of
    // the cart. Out before answering (once per order), or the buyer could add the SKU again and the order.confirmed
    // event would then take the new line out instead.
    if (response.status === 201) {
      const order = response.body as Order;
      await this.carts.removePurchased(request.userId, existing.orderId, order.lines).catch(() => {});
    }
    return response;
  }

  private async pendingResponse(userId: string, orderId: string): Promise<StoredResponse> {
    const order = await this.orders.getForUser(userId, orderId);
    return { status: 202, body: order };
  }
}

const orderLine = ({ info, quantity, lineTotal }: PricedLine): OrderLine => ({
  sku: info.sku,
  productId: info.productId,
  name: info.name,
  unitPrice: info.price,
  quantity,
  lineTotal,
});

const subtotalOf = (lines: readonly PricedLine[]): Money =>
  sum(
    lines.map((l) => l.lineTotal),
    lines[0]!.info.price.currency,
  );

function checkMethod(method: string): ShippingMethod {
  if (!isShippingMethod(method)) {
    throw invalid('SHIPPING.UNKNOWN_METHOD', `the shipping method is one of ${SHIPPING_METHODS.join(', ')}`, [
      { path: 'body.shippingMethod', message: `must be one of ${SHIPPING_METHODS.join(', ')}` },
    ]);
  }
  return method;
}

function checkAddressId(id: string, where: 'body' | 'query'): string {
  if (!isId('adr', id))
    throw invalid('ADDRESSES.BAD_ID', 'addressId must be a saved address id (adr_...)', [
      { path: `${where}.addressId`, message: 'must be an address id (adr_...)' },
    ]);
  return id;
}

/** Exactly one of an address and a saved address's id; the address validated and normalised (trimmed). */
function destinationOf(request: CheckoutRequest): Destination {
  const byAddress = request.shippingAddress !== undefined;
  if (byAddress === (request.addressId !== undefined)) {
    throw unprocessable(
      byAddress ? 'CHECKOUT.ONE_ADDRESS' : 'CHECKOUT.ADDRESS_REQUIRED',
      byAddress
        ? 'give either shippingAddress or addressId, not both'
        : 'give the shippingAddress to ship to, or addressId (a saved address)',
      [{ path: 'body.shippingAddress', message: 'shippingAddress or addressId, exactly one' }],
    );
  }
  return byAddress
    ? { address: shippingAddress(request.shippingAddress!) }
    : { addressId: checkAddressId(request.addressId!, 'body') };
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
