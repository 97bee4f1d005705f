import { createHash } from 'node:crypto';
import type { PaymentGateway, PaymentOutcome } from '../../domain/orders/orders.ports.js';
import type { Money } from '../../domain/shared/money.js';

/** One movement of money: written at the moment a card is charged, never derived from a per-key memo. */
export interface Charge {
  readonly key: string;
  readonly amount: Money;
  readonly token: string;
  /** ISO time of the charge. */
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
            reference: `auth_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 20)}`,
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

  async cancel(idempotencyKey: string): Promise<PaymentOutcome> {
    const known = this.outcomes.get(idempotencyKey);
    if (known) return known;
    const cancelled: PaymentOutcome = { status: 'declined', reason: 'cancelled before it was charged' };
    this.outcomes.set(idempotencyKey, cancelled);
    return cancelled;
  }
}

function onAbort(signal: AbortSignal, reject: (reason: unknown) => void) {
  if (signal.aborted) return reject(signal.reason);
  signal.addEventListener('abort', () => reject(signal.reason), { once: true });
}
