import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.js';
import {
  addItem,
  emptyCart,
  MAX_QUANTITY,
  mergeInto,
  removeItem,
  removePurchased,
  SETTLED_ORDERS_KEPT,
  setQuantity,
} from './cart.js';

const sku = fc.constantFrom('A', 'B', 'C', 'D');
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), sku, quantity: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('set' as const), sku, quantity: fc.integer({ min: 1, max: MAX_QUANTITY }) }),
  fc.record({ kind: fc.constant('remove' as const), sku, quantity: fc.constant(0) }),
);

describe('cart arithmetic', () => {
  it('matches a simple model for any sequence of changes, never exceeding the limits', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let cart = emptyCart('usr_x');
        const model = new Map<string, number>();
        for (const { kind, sku, quantity } of ops) {
          if (kind === 'add') {
            const next = (model.get(sku) ?? 0) + quantity;
            if (next > MAX_QUANTITY) {
              expect(() => addItem(cart, sku, quantity)).toThrow(/at most 99/);
              continue;
            }
            model.set(sku, next);
            cart = addItem(cart, sku, quantity);
          } else if (kind === 'set') {
            model.set(sku, quantity);
            cart = setQuantity(cart, sku, quantity);
          } else {
            model.delete(sku);
            cart = removeItem(cart, sku);
          }
          expect(new Map(cart.lines.map((l) => [l.sku, l.quantity]))).toEqual(model);
        }
      }),
    );
  });

  it('merges a guest cart by adding quantities, capped at the per-line limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(sku, fc.integer({ min: 1, max: 99 }))),
        fc.array(fc.tuple(sku, fc.integer({ min: 1, max: 99 }))),
        (mine, theirs) => {
          const build = (owner: string, lines: [string, number][]) =>
            lines.reduce((cart, [s, q]) => setQuantity(cart, s, q), emptyCart(owner));
          const user = build('usr_1', mine);
          const guest = build('gst_1', theirs);
          const merged = mergeInto(user, guest);
          for (const line of merged.lines) {
            const a = user.lines.find((l) => l.sku === line.sku)?.quantity ?? 0;
            const b = guest.lines.find((l) => l.sku === line.sku)?.quantity ?? 0;
            expect(line.quantity).toBe(Math.min(99, a + b));
          }
          expect(merged.ownerId).toBe('usr_1');
          expect(merged.expiresAt).toBeNull();
        },
      ),
    );
  });

  it('refuses zero, negative, fractional and huge quantities; guest carts expire in 30 days', () => {
    const cart = emptyCart('gst_abc', new Date('2026-01-01T00:00:00Z'));
    for (const quantity of [0, -1, 1.5, 100, Number.NaN]) {
      expect(() => addItem(cart, 'A', quantity)).toThrow(
        expect.objectContaining({ code: 'CART.BAD_QUANTITY' }),
      );
    }
    expect(cart.expiresAt).toBe('2026-01-31T00:00:00.000Z');
  });

  it('takes out exactly what an order bought, once: lines added or raised meanwhile stay', () => {
    const line = fc.record({ sku, quantity: fc.integer({ min: 1, max: MAX_QUANTITY }) });
    fc.assert(
      fc.property(
        fc.uniqueArray(line, { selector: (l) => l.sku, maxLength: 4 }),
        fc.array(line, { maxLength: 6 }),
        (lines, bought) => {
          const cart = { ...emptyCart('usr_x'), lines };
          const after = removePurchased(cart, 'ord_1', bought);
          for (const { sku: s, quantity } of lines) {
            const taken = bought.filter((b) => b.sku === s).reduce((n, b) => n + b.quantity, 0);
            const left = after.lines.find((l) => l.sku === s)?.quantity ?? 0;
            expect(left).toBe(Math.max(0, quantity - taken));
          }
          expect(after.lines.every((l) => lines.some((o) => o.sku === l.sku))).toBe(true);
          expect(removePurchased(after, 'ord_1', bought)).toBe(after);
          expect(after.settledOrders).toEqual(['ord_1']);
        },
      ),
    );
  });

  it('keeps a line added while the checkout ran', () => {
    let cart = addItem(emptyCart('usr_x'), 'A', 2);
    cart = addItem(cart, 'B', 1);
    expect(removePurchased(cart, 'ord_1', [{ sku: 'A', quantity: 2 }]).lines).toEqual([
      { sku: 'B', quantity: 1 },
    ]);
  });

  it('a confirmation delivered late, after many newer orders, never takes a line the buyer added since', () => {
    // The buyer bought A (order `late`); its clean-up was lost and its event is redelivered only after 25 more orders.
    const late = newId('ord', 1_000);
    let cart = emptyCart('usr_x');
    for (let n = 1; n <= SETTLED_ORDERS_KEPT + 5; n++) {
      cart = addItem(cart, 'B', 1);
      cart = removePurchased(cart, newId('ord', 1_000 + n), [{ sku: 'B', quantity: 1 }]);
    }
    cart = removePurchased(cart, late, [{ sku: 'A', quantity: 1 }]);
    // Meanwhile A was bought again by a newer order, then added once more: that line is the buyer's.
    cart = addItem(cart, 'A', 1);
    expect(removePurchased(cart, late, [{ sku: 'A', quantity: 1 }]).lines).toEqual([
      { sku: 'A', quantity: 1 },
    ]);
  });

  it('takes each order out at most once whatever the delivery order, and every order newer than the mark once', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 60, size: 'max' }),
        fc.array(fc.nat(), { maxLength: 200, size: 'max' }),
        (times, picks) => {
          const ids = times.map((t, i) => newId('ord', 1_000_000 + t * 100 + (i % 100)));
          // Every order is delivered at least once (in order of confirmation), some again at random moments.
          const deliveries = [...ids, ...picks.map((p) => ids[p % ids.length]!)];
          let cart = { ...emptyCart('usr_x'), lines: [{ sku: 'A', quantity: MAX_QUANTITY }] };
          const applied = new Map<string, number>();
          for (const id of deliveries) {
            const before = cart.lines[0]?.quantity ?? 0;
            cart = removePurchased(cart, id, [{ sku: 'A', quantity: 1 }]);
            if ((cart.lines[0]?.quantity ?? 0) < before) applied.set(id, (applied.get(id) ?? 0) + 1);
          }
          expect([...applied.values()].every((n) => n === 1)).toBe(true);
          // Confirmed in id order (as they mostly are), every order is taken out exactly once.
          if (ids.every((id, i) => i === 0 || ids[i - 1]! < id)) expect(applied.size).toBe(ids.length);
          expect(cart.settledOrders.length).toBeLessThanOrEqual(SETTLED_ORDERS_KEPT);
        },
      ),
    );
  });
});
