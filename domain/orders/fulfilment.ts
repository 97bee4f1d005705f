import { type Money, money } from '../shared/money.js';
import type { OrderStatus } from './order.js';

/** What an operator does to a paid order. */
export type Transition = 'ship' | 'deliver' | 'cancel';

/**
 * After payment an order only moves forward: CONFIRMED → SHIPPED → DELIVERED, or CONFIRMED → CANCELLED (goods
 * never left). Nothing leads back, so an order is shipped at most once.
 */
const TRANSITIONS: Readonly<Record<Transition, { from: OrderStatus; to: OrderStatus }>> = {
  ship: { from: 'CONFIRMED', to: 'SHIPPED' },
  deliver: { from: 'SHIPPED', to: 'DELIVERED' },
  cancel: { from: 'CONFIRMED', to: 'CANCELLED' },
};

/** The status after `transition`, or null when the order's status does not allow it. */
export const nextStatus = (status: OrderStatus, transition: Transition): OrderStatus | null =>
  TRANSITIONS[transition].from === status ? TRANSITIONS[transition].to : null;

export const requiredStatus = (transition: Transition): OrderStatus => TRANSITIONS[transition].from;

/** Sales: paid and not cancelled (what revenue reports count). */
export const PAID_STATUSES = ['CONFIRMED', 'SHIPPED', 'DELIVERED'] as const satisfies readonly OrderStatus[];

/** Statuses in which the card was charged, so money may go back. A cancelled order keeps what its cancel left. */
export const CHARGED_STATUSES: readonly OrderStatus[] = [...PAID_STATUSES, 'CANCELLED'];

export const isPaid = (status: OrderStatus) => CHARGED_STATUSES.includes(status);

/**
 * What can still go back to the card: the charge minus every refund that went through or is on its way (a pending
 * refund counts: the money is reserved before the gateway is asked, so two refunds cannot both take the last of it).
 */
export function refundable(
  status: OrderStatus,
  charged: Money | null,
  refunds: readonly Money[],
): Money | null {
  if (!charged || !isPaid(status)) return null;
  const taken = refunds.reduce((n, r) => n + r.amount, 0);
  return money(Math.max(0, charged.amount - taken), charged.currency);
}

export type RefundCheck =
  | { kind: 'ok' }
  | { kind: 'not_paid'; status: OrderStatus }
  | { kind: 'currency'; expected: Money['currency'] }
  | { kind: 'exceeds'; refundable: Money };

/** Whether `amount` may be refunded now: the order is paid, the currency is the charge's, and enough is left. */
export function checkRefund(status: OrderStatus, left: Money | null, amount: Money): RefundCheck {
  if (!left || (status === 'CANCELLED' && left.amount === 0)) return { kind: 'not_paid', status };
  if (amount.currency !== left.currency) return { kind: 'currency', expected: left.currency };
  if (amount.amount <= 0 || amount.amount > left.amount) return { kind: 'exceeds', refundable: left };
  return { kind: 'ok' };
}

/** A line of the order as the stock ledger sees it: bought, and how many units already came back. */
export interface ReturnableLine {
  sku: string;
  quantity: number;
  restocked: number;
}

export type RestockCheck = { kind: 'ok' } | { kind: 'too_many'; sku: string; returnable: number };

/** Units go back at most once: per SKU, never more than were bought minus what already came back. */
export function checkRestock(
  lines: readonly ReturnableLine[],
  restock: readonly { sku: string; quantity: number }[],
): RestockCheck {
  const asked = new Map<string, number>();
  for (const r of restock) asked.set(r.sku, (asked.get(r.sku) ?? 0) + r.quantity);
  for (const [sku, quantity] of asked) {
    const line = lines.find((l) => l.sku === sku);
    const returnable = line ? line.quantity - line.restocked : 0;
    if (quantity < 1 || quantity > returnable) return { kind: 'too_many', sku, returnable };
  }
  return { kind: 'ok' };
}

/** Units a cancel returns: whatever of each line has not come back yet. */
export const unreturned = (lines: readonly ReturnableLine[]) =>
  lines
    .filter((l) => l.quantity > l.restocked)
    .map((l) => ({ sku: l.sku, quantity: l.quantity - l.restocked }));

/** What the admin may do with the order now (the buttons the UI shows). */
export function availableActions(status: OrderStatus, left: Money | null, refundPending: boolean) {
  return {
    ship: nextStatus(status, 'ship') !== null,
    deliver: nextStatus(status, 'deliver') !== null,
    // A cancel returns every unreturned unit: it waits until a pending refund has settled its own restock.
    cancel: nextStatus(status, 'cancel') !== null && !refundPending,
    refundable: left ?? null,
  };
}
