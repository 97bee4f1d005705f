import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.js';
import {
  availableActions,
  checkRefund,
  checkRestock,
  nextStatus,
  refundable,
  type Transition,
  unreturned,
} from './fulfilment.js';
import { ORDER_STATUSES, type OrderStatus } from './order.js';

const transitions: Transition[] = ['ship', 'deliver', 'cancel'];
const status = fc.constantFrom(...ORDER_STATUSES);

describe('fulfilment: the order after payment', () => {
  it('ships an order at most once, whatever operators click in whatever order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...transitions), { maxLength: 30 }), (clicks) => {
        let current: OrderStatus = 'CONFIRMED';
        const applied: Transition[] = [];
        for (const click of clicks) {
          const next = nextStatus(current, click);
          if (next) {
            applied.push(click);
            current = next;
          }
        }
        expect(applied.filter((t) => t === 'ship').length).toBeLessThanOrEqual(1);
        expect(applied.length).toBeLessThanOrEqual(2);
        expect(['CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED']).toContain(current);
        if (applied.includes('cancel')) expect(applied).toEqual(['cancel']);
      }),
    );
  });

  it('never moves an unpaid, delivered or cancelled order', () => {
    for (const from of ['PENDING', 'FAILED', 'DELIVERED', 'CANCELLED'] as const)
      for (const t of transitions) expect(nextStatus(from, t)).toBeNull();
    expect(nextStatus('CONFIRMED', 'ship')).toBe('SHIPPED');
    expect(nextStatus('SHIPPED', 'deliver')).toBe('DELIVERED');
    expect(nextStatus('CONFIRMED', 'cancel')).toBe('CANCELLED');
    expect(nextStatus('SHIPPED', 'cancel')).toBeNull();
  });

  it('refunds never add up to more than was charged, and what is left is exactly the rest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.integer({ min: -5, max: 5_000_000 }), { maxLength: 40 }),
        fc.constantFrom<OrderStatus>('CONFIRMED', 'SHIPPED', 'DELIVERED'),
        (charge, attempts, paidStatus) => {
          const charged = money(charge, 'EUR');
          const accepted = [];
          for (const attempt of attempts) {
            const left = refundable(paidStatus, charged, accepted)!;
            if (checkRefund(paidStatus, left, money(attempt, 'EUR')).kind === 'ok')
              accepted.push(money(attempt, 'EUR'));
          }
          const total = accepted.reduce((n, r) => n + r.amount, 0);
          expect(total).toBeLessThanOrEqual(charge);
          expect(accepted.every((r) => r.amount > 0)).toBe(true);
          expect(refundable(paidStatus, charged, accepted)!.amount).toBe(charge - total);
        },
      ),
    );
  });

  it('refuses refunds of unpaid orders, in another currency, of nothing, or above what is left', () => {
    const left = money(1000, 'USD');
    expect(checkRefund('PENDING', refundable('PENDING', left, []), money(1, 'USD'))).toEqual({
      kind: 'not_paid',
      status: 'PENDING',
    });
    expect(checkRefund('SHIPPED', left, money(1, 'EUR'))).toEqual({ kind: 'currency', expected: 'USD' });
    expect(checkRefund('SHIPPED', left, money(0, 'USD')).kind).toBe('exceeds');
    expect(checkRefund('SHIPPED', left, money(1001, 'USD')).kind).toBe('exceeds');
    expect(checkRefund('SHIPPED', left, money(1000, 'USD')).kind).toBe('ok');
    // A cancelled order refunds what its cancel left (only after a declined cancel refund), else nothing at all.
    expect(checkRefund('CANCELLED', money(0, 'USD'), money(1, 'USD')).kind).toBe('not_paid');
    expect(checkRefund('CANCELLED', money(5, 'USD'), money(5, 'USD')).kind).toBe('ok');
  });

  it('restocks each unit at most once, and a cancel returns exactly what has not come back', () => {
    const line = fc.record({
      sku: fc.constantFrom('A', 'B', 'C'),
      quantity: fc.integer({ min: 1, max: 99 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(line, { selector: (l) => l.sku, minLength: 1 }),
        fc.array(fc.array(line, { maxLength: 3 }), { maxLength: 20 }),
        (bought, requests) => {
          const lines = bought.map((l) => ({ ...l, restocked: 0 }));
          for (const request of requests) {
            if (checkRestock(lines, request).kind !== 'ok') continue;
            for (const r of request) lines.find((l) => l.sku === r.sku)!.restocked += r.quantity;
          }
          for (const l of lines) expect(l.restocked).toBeLessThanOrEqual(l.quantity);
          const back = unreturned(lines);
          for (const l of lines)
            expect(l.restocked + (back.find((b) => b.sku === l.sku)?.quantity ?? 0)).toBe(l.quantity);
        },
      ),
    );
    expect(checkRestock([{ sku: 'A', quantity: 2, restocked: 1 }], [{ sku: 'Z', quantity: 1 }])).toEqual({
      kind: 'too_many',
      sku: 'Z',
      returnable: 0,
    });
  });

  it('offers the actions the status allows; no cancel while a refund is settling', () => {
    fc.assert(
      fc.property(status, fc.boolean(), (s, pending) => {
        const actions = availableActions(s, null, pending);
        expect(actions.ship).toBe(s === 'CONFIRMED');
        expect(actions.deliver).toBe(s === 'SHIPPED');
        expect(actions.cancel).toBe(s === 'CONFIRMED' && !pending);
      }),
    );
  });
});
