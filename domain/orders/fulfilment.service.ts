import { conflict, DomainError, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { formatMoney } from '../shared/money.js';
import { requiredStatus, type Transition } from './fulfilment.js';
import type {
  AuditFor,
  FulfilmentStore,
  OpenRefund,
  OrderFilter,
  OrderRecord,
  RefundRequest,
  ReserveResult,
  TransitionResult,
} from './fulfilment.ports.js';
import type { PaymentGateway } from './orders.ports.js';

/** What became of the money a write sent back: none asked, paid, declined, or still open (the sweep finishes it). */
export type RefundState = 'none' | 'refunded' | 'declined' | 'open';

const PAST: Record<Transition, string> = { ship: 'shipped', deliver: 'delivered', cancel: 'cancelled' };

/**
 * The operator's writes on a paid order. A refund is reserve → pay → settle: the amount is reserved under the order's
 * lock, the gateway is asked with the refund's id as idempotency key and no transaction open, and its answer is
 * settled in a second transaction. A gateway that fails or times out leaves the refund PENDING with its amount still
 * reserved (nothing can refund it twice); `recoverRefunds` asks again with the same key until it settles.
 */
export class FulfilmentService {
  constructor(
    private readonly store: FulfilmentStore,
    private readonly gateway: PaymentGateway | null,
    private readonly settings: { paymentTimeoutMs: number } = { paymentTimeoutMs: 5_000 },
  ) {}

  list(filter: OrderFilter, limit: number, cursor?: string) {
    return this.store.list(filter, limit, cursor);
  }

  async detail(orderId: string): Promise<OrderRecord> {
    const record = await this.store.find(orderId);
    if (!record) throw orderNotFound(orderId);
    return record;
  }

  async ship(orderId: string, shipment: { carrier: string; trackingNumber: string }, audit: AuditFor) {
    this.check(orderId, 'ship', await this.store.ship(orderId, shipment, audit));
    return this.detail(orderId);
  }

  async deliver(orderId: string, audit: AuditFor) {
    this.check(orderId, 'deliver', await this.store.deliver(orderId, audit));
    return this.detail(orderId);
  }

  async cancel(
    orderId: string,
    reason: string,
    audit: AuditFor,
  ): Promise<{ record: OrderRecord; refund: RefundState }> {
    this.requireGateway();
    const result = await this.store.cancel(orderId, { refundId: newId('pay'), reason }, audit);
    this.check(orderId, 'cancel', result);
    const refund = result.kind === 'done' && result.refund ? (await this.pay(result.refund)).state : 'none';
    return { record: await this.detail(orderId), refund };
  }

  async refund(
    orderId: string,
    request: Omit<RefundRequest, 'refundId'>,
    audit: AuditFor,
  ): Promise<{ record: OrderRecord; refund: RefundState }> {
    this.requireGateway();
    const reserved = await this.store.reserveRefund(orderId, { refundId: newId('pay'), ...request }, audit);
    if (reserved.kind !== 'reserved') throw refundRefused(orderId, reserved);
    const paid = await this.pay(reserved.refund);
    if (paid.state === 'declined')
      throw conflict(
        'ORDERS.REFUND_DECLINED',
        `The payment provider declined the refund (${paid.reason}); nothing was refunded or restocked`,
      );
    return { record: await this.detail(orderId), refund: paid.state };
  }

  /** Settles refunds left PENDING (gateway down, timed out, process stopped) by asking again with the same key. */
  async recoverRefunds(olderThan: Date, limit = 50): Promise<number> {
    if (!this.gateway) return 0;
    let settled = 0;
    for (const refund of await this.store.openRefunds(olderThan, limit))
      if ((await this.pay(refund)).state !== 'open') settled++;
    return settled;
  }

  private async pay(refund: OpenRefund): Promise<{ state: RefundState; reason?: string }> {
    let outcome: Awaited<ReturnType<PaymentGateway['refund']>>;
    try {
      outcome = await this.gateway!.refund(
        { idempotencyKey: refund.refundId, paymentKey: refund.orderId, amount: refund.amount },
        AbortSignal.timeout(this.settings.paymentTimeoutMs),
      );
    } catch {
      return { state: 'open' };
    }
    await this.store.settleRefund(refund.refundId, outcome);
    return outcome.status === 'refunded'
      ? { state: 'refunded' }
      : { state: 'declined', reason: outcome.reason };
  }

  private requireGateway() {
    if (!this.gateway)
      throw new DomainError(
        'ORDERS.NO_PAYMENT_PROVIDER',
        'unavailable',
        'No payment provider is configured (PAYMENTS_URL): refunds and cancels cannot move money',
      );
  }

  private check(orderId: string, transition: Transition, result: TransitionResult) {
    if (result.kind === 'not_found') throw orderNotFound(orderId);
    if (result.kind === 'illegal')
      throw conflict(
        'ORDERS.ILLEGAL_TRANSITION',
        `Order ${orderId} is ${result.status}: only a ${requiredStatus(transition)} order can be ${PAST[transition]}`,
      );
    if (result.kind === 'refund_pending')
      throw conflict(
        'ORDERS.REFUND_PENDING',
        `Order ${orderId} has a refund waiting for the payment provider; cancel once it has settled`,
      );
  }
}

const orderNotFound = (orderId: string) => notFound('ORDERS.NOT_FOUND', `No order ${orderId}`);

function refundRefused(orderId: string, result: Exclude<ReserveResult, { kind: 'reserved' }>): DomainError {
  switch (result.kind) {
    case 'not_found':
      return orderNotFound(orderId);
    case 'not_paid':
      return conflict(
        'ORDERS.NOT_REFUNDABLE',
        `Order ${orderId} is ${result.status}: there is no payment to refund`,
      );
    case 'currency':
      return conflict('ORDERS.REFUND_CURRENCY', `The order was paid in ${result.expected}`, [
        { path: 'body.amount.currency', message: `must be ${result.expected}` },
      ]);
    case 'exceeds':
      return conflict(
        'ORDERS.REFUND_EXCEEDS',
        `At most ${formatMoney(result.refundable)} of order ${orderId} can still be refunded`,
        [{ path: 'body.amount.amount', message: `at most ${result.refundable.amount}` }],
      );
    case 'restock':
      return conflict(
        'ORDERS.RESTOCK_EXCEEDS',
        `At most ${result.returnable} unit(s) of ${result.sku} can go back to stock from this order`,
        [{ path: 'body.restock', message: `${result.sku}: at most ${result.returnable}` }],
      );
  }
}
