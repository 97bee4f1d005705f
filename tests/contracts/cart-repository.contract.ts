import { describe, expect, it } from 'vitest';
import { addItem, emptyCart, removePurchased, SETTLED_ORDERS_KEPT } from '../../domain/cart/cart.js';
import type { CartRepository } from '../../domain/cart/cart.ports.js';

export interface CartRepositoryFixture {
  repository: CartRepository;
  close(): Promise<void>;
}

export function cartRepositoryContract(name: string, create: () => Promise<CartRepositoryFixture>) {
  describe(`CartRepository contract: ${name}`, () => {
    const using = (test: (repository: CartRepository) => Promise<void>) => async () => {
      const fixture = await create();
      try {
        await test(fixture.repository);
      } finally {
        await fixture.close();
      }
    };

    it(
      'saves a new cart, reads it back, and bumps the version on each save',
      using(async (carts) => {
        expect(await carts.get('usr_1')).toBeNull();
        const first = addItem(emptyCart('usr_1'), 'SKU-1', 2);
        expect(await carts.save(first)).toBe(1);
        const stored = await carts.get('usr_1');
        expect(stored).toMatchObject({
          ownerId: 'usr_1',
          lines: [{ sku: 'SKU-1', quantity: 2 }],
          version: 1,
        });
        expect(await carts.save(addItem(stored!, 'SKU-2', 1))).toBe(2);
      }),
    );

    it(
      'remembers which orders were taken out of the cart, so a late confirmation takes nothing twice',
      using(async (carts) => {
        let cart = addItem(emptyCart('usr_settled'), 'A', 1);
        for (let n = 0; n <= SETTLED_ORDERS_KEPT; n++) {
          cart = removePurchased(addItem(cart, 'B', 1), `ord_${String(n).padStart(26, '0')}`, [
            { sku: 'B', quantity: 1 },
          ]);
        }
        expect(await carts.save(cart)).toBe(1);
        const stored = (await carts.get('usr_settled'))!;
        expect(stored.settledOrders).toEqual(cart.settledOrders);
        expect(stored.settledThrough).toBe(`ord_${'0'.repeat(26)}`);
        // The oldest order, delivered again: below the mark, so the buyer's line stays.
        expect(removePurchased(stored, `ord_${'0'.repeat(26)}`, [{ sku: 'A', quantity: 1 }]).lines).toEqual([
          { sku: 'A', quantity: 1 },
        ]);
      }),
    );

    it(
      'refuses a save based on a stale version, and a second "new" cart for the same owner',
      using(async (carts) => {
        const fresh = emptyCart('usr_2');
        expect(await carts.save(addItem(fresh, 'A', 1))).toBe(1);
        expect(await carts.save(addItem(fresh, 'B', 1))).toBe('conflict');
        const stored = (await carts.get('usr_2'))!;
        expect(await carts.save(addItem(stored, 'C', 1))).toBe(2);
        expect(await carts.save(addItem(stored, 'D', 1))).toBe('conflict');
        expect((await carts.get('usr_2'))!.lines.map((l) => l.sku)).toEqual(['A', 'C']);
      }),
    );

    it(
      'lets exactly one of many concurrent writers of the same version win',
      using(async (carts) => {
        await carts.save(addItem(emptyCart('usr_3'), 'A', 1));
        const base = (await carts.get('usr_3'))!;
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) => carts.save(addItem(base, `X${i}`, 1))),
        );
        expect(outcomes.filter((o) => o !== 'conflict')).toEqual([2]);
      }),
    );

    it(
      'hides an expired guest cart and lets a new one replace it',
      using(async (carts) => {
        const old = {
          ...addItem(emptyCart('gst_old'), 'A', 1),
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        };
        await carts.save(old);
        expect(await carts.get('gst_old')).toBeNull();
        expect(await carts.save(addItem(emptyCart('gst_old'), 'B', 1))).toBe(1);
        expect((await carts.get('gst_old'))!.lines).toEqual([{ sku: 'B', quantity: 1 }]);
        await carts.delete('gst_old');
        expect(await carts.get('gst_old')).toBeNull();
      }),
    );
  });
}
