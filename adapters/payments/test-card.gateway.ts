import { createHash } from 'node:crypto';
import type { PaymentGateway, PaymentOutcome, RefundOutcome } from '../../domain/orders/orders.ports.js';
import type { Money } from '../../domain/shared/money.js';

/** One movement of money: written at the moment a card is charged, never derived from a per-key memo. */
export interface Charge {
  readonly key: string;
  readonly amount: Money;
  readonly token: string;
  /** ISO time of the charge. */
  readonly at: string;
}

/** Money sent back to a card: written when it moves, once per refund key. */
export interface RefundMovement {
  readonly key: string;
  /** The charge it comes from (the order id). */
  readonly paymentKey: string;
  readonly amount: Money;
  readonly at: string;
}

/**
 * The shipped test provider, standing in for a card network: `tok_visa` is authorized, `tok_declined` is declined,
 * `tok_timeout` never answers. Authorizations are idempotent by key, as a real network's are.
 */
export class TestCardGateway implements PaymentGateway {
  readonly name = 'test-cards';
  private readonly outcomes = new Map<string, PaymentOutcome>();
  /**
   * Every charge, in order, appended where the money moves. A test proves "nobody charged twice" from this list
   * (one entry per order id, none under any other key), not from a count per key, which the memo keeps at 1.
   */
  readonly ledger: Charge[] = [];
  /** How many times money moved per key (the ledger, counted by key). */
  readonly charges = new Map<string, number>();
  /** Every refund paid out, in order: a test sums these, not the shop's own records. */
  readonly refunds: RefundMovement[] = [];
  private readonly refundOutcomes = new Map<string, RefundOutcome>();

  async authorize(
    request: { idempotencyKey: string; amount: Money; token: string },
    signal: AbortSignal,
  ): Promise<PaymentOutcome> {
    const known = this.outcomes.get(request.idempotencyKey);
    if (known) return known;
    if (request.token === 'tok_timeout') return new Promise((_, reject) => onAbort(signal, reject));
    const outcome: PaymentOutcome =
      request.token === 'tok_visa'
        ? {
            status: 'authorized',
            reference: `auth_${digest(request.idempotencyKey)}`,
          }
        : {
            status: 'declined',
            reason: request.token === 'tok_declined' ? 'card declined' : 'unknown card token',
          };
    this.outcomes.set(request.idempotencyKey, outcome);
    if (outcome.status === 'authorized') {
      this.ledger.push({
        key: request.idempotencyKey,
        amount: { amount: request.amount.amount, currency: request.amount.currency },
        token: request.token,
        at: new Date().toISOString(),
      });
      this.charges.set(request.idempotencyKey, (this.charges.get(request.idempotencyKey) ?? 0) + 1);
    }
    return outcome;
  }

  async lookup(idempotencyKey: string): Promise<PaymentOutcome> {
    return this.outcomes.get(idempotencyKey) ?? { status: 'unknown' };
  }

  /** As a card network: never more back than was charged under the payment key; one payout per refund key. */
  async refund(request: {
    idempotencyKey: string;
    paymentKey: string;
    amount: Money;
  }): Promise<RefundOutcome> {
    const known = this.refundOutcomes.get(request.idempotencyKey);
    if (known) return known;
    const charge = this.ledger.find((c) => c.key === request.paymentKey);
    const back = this.refunds
      .filter((r) => r.paymentKey === request.paymentKey)
      .reduce((n, r) => n + r.amount.amount, 0);
    const outcome: RefundOutcome = !charge
      ? { status: 'declined', reason: 'no charge under this payment key' }
      : charge.amount.currency !== request.amount.currency
        ? { status: 'declined', reason: `the charge was in ${charge.amount.currency}` }
        : request.amount.amount < 1 || back + request.amount.amount > charge.amount.amount
          ? { status: 'declined', reason: 'more than is left of the charge' }
          : { status: 'refunded', reference: `rfd_${digest(request.idempotencyKey)}` };
    this.refundOutcomes.set(request.idempotencyKey, outcome);
    if (outcome.status === 'refunded')
      this.refunds.push({
        key: request.idempotencyKey,
        paymentKey: request.paymentKey,
        amount: { amount: request.amount.amount, currency: request.amount.currency },
        at: new Date().toISOString(),
      });
    return outcome;
  }

  async cancel(idempotencyKey: string): Promise<PaymentOutcome> {
    const known = this.outcomes.get(idempotencyKey);
    if (known) return known;
    const cancelled: PaymentOutcome = { status: 'declined', reason: 'cancelled before it was charged' };
    this.outcomes.set(idempotencyKey, cancelled);
    return cancelled;
  }
}

const digest = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 20);

function onAbort(signal: AbortSignal, reject: (reason: unknown) => void) {
  if (signal.aborted) return reject(signal.reason);
  signal.addEventListener('abort', () => reject(signal.reason), { once: true });
}
