import * as z from 'zod/mini';
import type { PaymentGateway, PaymentOutcome, RefundOutcome } from '../../domain/orders/orders.ports.js';
import type { Money } from '../../domain/shared/money.js';
import { propagationHeaders } from '../logs/request-context.js';

const outcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('authorized'), reference: z.string() }),
  z.object({ status: z.literal('declined'), reason: z.string() }),
  z.object({ status: z.literal('unknown') }),
]);

const refundOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('refunded'), reference: z.string() }),
  z.object({ status: z.literal('declined'), reason: z.string() }),
]);

/** A payment provider over HTTP (the local payments simulator speaks this); every call is bounded by `signal`. */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(
    readonly name: string,
    private readonly baseUrl: string,
  ) {}

  async authorize(
    request: { idempotencyKey: string; amount: Money; token: string },
    signal: AbortSignal,
  ): Promise<PaymentOutcome> {
    const response = await fetch(`${this.baseUrl}/authorizations`, {
      method: 'POST',
      headers: {
        ...propagationHeaders(),
        'content-type': 'application/json',
        'idempotency-key': request.idempotencyKey,
      },
      body: JSON.stringify({ amount: request.amount, token: request.token }),
      signal,
    });
    if (!response.ok) throw new Error(`payment provider answered ${response.status}`);
    return outcome.parse(await response.json());
  }

  async cancel(idempotencyKey: string, signal: AbortSignal): Promise<PaymentOutcome> {
    const response = await fetch(
      `${this.baseUrl}/authorizations/${encodeURIComponent(idempotencyKey)}/cancel`,
      { method: 'POST', headers: propagationHeaders(), signal },
    );
    if (!response.ok) throw new Error(`payment provider answered ${response.status}`);
    return outcome.parse(await response.json());
  }

  async lookup(idempotencyKey: string, signal: AbortSignal): Promise<PaymentOutcome> {
    const response = await fetch(`${this.baseUrl}/authorizations/${encodeURIComponent(idempotencyKey)}`, {
      headers: propagationHeaders(),
      signal,
    });
    if (!response.ok) throw new Error(`payment provider answered ${response.status}`);
    return outcome.parse(await response.json());
  }

  async refund(
    request: { idempotencyKey: string; paymentKey: string; amount: Money },
    signal: AbortSignal,
  ): Promise<RefundOutcome> {
    const response = await fetch(`${this.baseUrl}/refunds`, {
      method: 'POST',
      headers: {
        ...propagationHeaders(),
        'content-type': 'application/json',
        'idempotency-key': request.idempotencyKey,
      },
      body: JSON.stringify({ paymentKey: request.paymentKey, amount: request.amount }),
      signal,
    });
    if (!response.ok) throw new Error(`payment provider answered ${response.status}`);
    return refundOutcome.parse(await response.json());
  }
}
