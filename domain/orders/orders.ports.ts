import type { Money } from '../shared/money.js';
import type { ShippingAddress } from './address.js';
import type { Order, OrderLine, OrderShipping, OrderTax, StoredResponse } from './order.js';

export interface PendingOrder {
  orderId: string;
  userId: string;
  idempotencyKey: string;
  requestHash: string;
  paymentToken: string;
  subtotal: Money;
  shipping: OrderShipping;
  tax: OrderTax;
  /** subtotal + shipping + tax. */
  total: Money;
  /** Stored as used, so the order keeps it when the saved address changes or goes. */
  shippingAddress: ShippingAddress;
  /** Each with its product's category when the catalog knows it, kept for the category mix. */
  lines: (OrderLine & { categoryId?: string })[];
  createdAt: string;
}

export interface ExistingOrder {
  orderId: string;
  requestHash: string;
  status: Order['status'];
  response: StoredResponse | null;
}

export type PlaceResult =
  | { kind: 'placed' }
  | { kind: 'out_of_stock'; skus: string[] }
  | { kind: 'existing'; order: ExistingOrder };

export interface PaymentRecord {
  provider: string;
  reference: string;
  amount: Money;
}

/**
 * Orders and the stock ledger, in one database so that an order and its stock move commit together.
 * Each method is one transaction.
 */
export interface OrderStore {
  /** Records the order PENDING and takes the stock of every line, or nothing at all. */
  placePending(order: PendingOrder): Promise<PlaceResult>;
  /** PENDING -> CONFIRMED with its payment and outbox events; false if it was no longer PENDING. */
  confirm(orderId: string, payment: PaymentRecord, response: StoredResponse): Promise<boolean>;
  /** PENDING -> FAILED, stock returned; false if it was no longer PENDING. */
  fail(orderId: string, reason: string, response: StoredResponse): Promise<boolean>;
  findExisting(userId: string, idempotencyKey: string): Promise<ExistingOrder | null>;
  /** The stored answer of a settled order (null while PENDING). */
  responseOf(orderId: string): Promise<StoredResponse | null>;
  /** PENDING orders created before `olderThan`, oldest first. */
  findStalePending(
    olderThan: Date,
    limit: number,
  ): Promise<{ orderId: string; userId: string; paymentToken: string; total: Money }[]>;
  listForUser(userId: string, limit: number): Promise<Order[]>;
  /** null for another user's order, exactly as for a missing one. */
  getForUser(userId: string, orderId: string): Promise<Order | null>;
}

export type PaymentOutcome =
  | { status: 'authorized'; reference: string }
  | { status: 'declined'; reason: string }
  | { status: 'unknown' };

export type RefundOutcome =
  | { status: 'refunded'; reference: string }
  | { status: 'declined'; reason: string };

/** A card network. The idempotency key is the order id: asking twice never charges twice. */
export interface PaymentGateway {
  readonly name: string;
  authorize(
    request: { idempotencyKey: string; amount: Money; token: string },
    signal: AbortSignal,
  ): Promise<PaymentOutcome>;
  /** What happened to an earlier authorize with this key; `unknown` if the gateway never saw it. */
  lookup(idempotencyKey: string, signal: AbortSignal): Promise<PaymentOutcome>;
  /**
   * Makes sure the payment under this key is never charged from now on (a request still in flight is refused), and
   * answers what is final: `authorized` if it was charged already (the charge stands), else `declined`.
   */
  cancel(idempotencyKey: string, signal: AbortSignal): Promise<PaymentOutcome>;
  /**
   * Sends `amount` of the charge made under `paymentKey` (the order id) back to the card. Idempotent by its own key
   * (the refund's id): asking again, after a timeout or a lost answer, returns the first outcome and never pays twice.
   * Throws when the network cannot be reached or does not answer in time: the refund is then still open.
   */
  refund(
    request: { idempotencyKey: string; paymentKey: string; amount: Money },
    signal: AbortSignal,
  ): Promise<RefundOutcome>;
}
