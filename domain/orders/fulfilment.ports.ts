import type { AuditEntry } from '../admin/admin.js';
import type { Money } from '../shared/money.js';
import type { Order, OrderStatus } from './order.js';

/** The order as the storefront shows it, plus what came back and where it went. */
export type ManagedOrder = Order & Required<Pick<Order, 'refunded' | 'fulfilment'>>;

export interface PaymentEntry {
  kind: 'charge' | 'refund';
  provider: string;
  /** The network's reference; null while a refund waits for its answer. */
  reference: string | null;
  amount: Money;
  /** AUTHORIZED (charge); PENDING, REFUNDED or FAILED (refund). */
  status: string;
  at: string;
}

export interface OrderEvent {
  type: string;
  at: string;
  data: unknown;
}

/** One order with everything an operator needs to act on it. */
export interface OrderRecord {
  order: ManagedOrder;
  customer: { id: string; email: string; name: string };
  events: OrderEvent[];
  payments: PaymentEntry[];
  /** What the card was charged (null: never paid). */
  charged: Money | null;
  /** Refunds still waiting for the gateway. */
  refundPending: boolean;
}

export interface OrderSummary {
  id: string;
  status: OrderStatus;
  total: Money;
  refunded: Money;
  customer: { id: string; email: string };
  lineCount: number;
  createdAt: string;
}

export interface OrderFilter {
  status?: OrderStatus;
  /** UTC days, inclusive. */
  from?: string;
  to?: string;
  /** A user id. */
  userId?: string;
}

/** The audit row of an operator's write, built once the store knows the order before and after it. */
export type AuditFor = (change: { before: unknown; after: unknown }) => AuditEntry;

/** A refund whose amount is reserved and whose gateway call is (or was) on its way. */
export interface OpenRefund {
  refundId: string;
  orderId: string;
  amount: Money;
}

export type TransitionResult =
  | { kind: 'done'; refund: OpenRefund | null }
  | { kind: 'not_found' }
  | { kind: 'illegal'; status: OrderStatus }
  | { kind: 'refund_pending' };

export type ReserveResult =
  | { kind: 'reserved'; refund: OpenRefund }
  | { kind: 'not_found' }
  | { kind: 'not_paid'; status: OrderStatus }
  | { kind: 'currency'; expected: Money['currency'] }
  | { kind: 'exceeds'; refundable: Money }
  | { kind: 'restock'; sku: string; returnable: number };

export interface RefundRequest {
  refundId: string;
  amount: Money;
  reason: string;
  restock: { sku: string; quantity: number }[];
}

/**
 * Orders after payment. Each write is one transaction holding the order's row lock, with its order event, its audit
 * row and its outbox events; a refund is reserved (PENDING row, amount counted as gone) in one transaction and
 * settled in another, so no lock is held while the gateway is asked.
 */
export interface FulfilmentStore {
  find(orderId: string): Promise<OrderRecord | null>;
  list(
    filter: OrderFilter,
    limit: number,
    cursor?: string,
  ): Promise<{ items: OrderSummary[]; nextCursor: string | null }>;
  ship(
    orderId: string,
    shipment: { carrier: string; trackingNumber: string },
    audit: AuditFor,
  ): Promise<TransitionResult>;
  deliver(orderId: string, audit: AuditFor): Promise<TransitionResult>;
  /** CONFIRMED → CANCELLED: every unreturned unit back to stock, the rest of the charge reserved as a refund. */
  cancel(
    orderId: string,
    request: { refundId: string; reason: string },
    audit: AuditFor,
  ): Promise<TransitionResult>;
  reserveRefund(orderId: string, request: RefundRequest, audit: AuditFor): Promise<ReserveResult>;
  /** Records the gateway's answer once (false: already settled); a refund paid returns its restocked units. */
  settleRefund(
    refundId: string,
    outcome: { status: 'refunded'; reference: string } | { status: 'declined'; reason: string },
  ): Promise<boolean>;
  /** Refunds still PENDING that were reserved before `olderThan`, oldest first. */
  openRefunds(olderThan: Date, limit: number): Promise<OpenRefund[]>;
}
