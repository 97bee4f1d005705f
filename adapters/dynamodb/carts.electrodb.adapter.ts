import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Entity } from 'electrodb';
import * as z from 'zod/mini';
import type { Cart } from '../../domain/cart/cart.js';
import type { CartRepository } from '../../domain/cart/cart.ports.js';
import { isConditionFailure } from './condition-failed.js';

const cartRecord = z.object({
  ownerId: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.int() })),
  version: z.int(),
  expiresAt: z.nullable(z.string()),
  updatedAt: z.string(),
  settledOrders: z._default(z.array(z.string()), []),
  settledThrough: z._default(z.nullable(z.string()), null),
});

function cartEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: 'cart', version: '1', service: 'shop' },
      attributes: {
        ownerId: { type: 'string', required: true },
        lines: { type: 'any', required: true },
        version: { type: 'number', required: true },
        expiresAt: { type: 'any', required: true },
        updatedAt: { type: 'string', required: true },
        settledOrders: { type: 'any' },
        settledThrough: { type: 'string' },
        ttl: { type: 'number' },
      },
      indexes: {
        byOwner: {
          pk: { field: 'pk', composite: ['ownerId'], casing: 'none' },
          sk: { field: 'sk', composite: [], casing: 'none' },
        },
      },
    },
    { client, table },
  );
}

/** Carts in DynamoDB: one item per owner, saved only if nobody else saved since it was read. */
export class ElectroDbCartRepository implements CartRepository {
  private readonly carts;

  constructor(client: DynamoDBClient, table: string) {
    this.carts = cartEntity(client, table);
  }

  async get(ownerId: string): Promise<Cart | null> {
    const { data } = await this.carts.get({ ownerId }).go({ consistent: true });
    if (!data) return null;
    const cart = cartRecord.parse(data);
    if (cart.expiresAt && Date.parse(cart.expiresAt) <= Date.now()) return null;
    return cart;
  }

  async save(cart: Cart): Promise<number | 'conflict'> {
    const version = cart.version + 1;
    const item = {
      ownerId: cart.ownerId,
      lines: cart.lines,
      version,
      expiresAt: cart.expiresAt,
      updatedAt: cart.updatedAt,
      settledOrders: cart.settledOrders,
      ...(cart.settledThrough ? { settledThrough: cart.settledThrough } : {}),
      ...(cart.expiresAt ? { ttl: Math.floor(Date.parse(cart.expiresAt) / 1000) } : {}),
    };
    try {
      if (cart.version === 0) {
        // A never-saved cart may replace only an expired one (reads treat those as absent).
        await this.carts
          .put(item)
          .where(
            (attr, op) =>
              `${op.notExists(attr.version)} OR ${op.lte(attr.ttl, Math.floor(Date.now() / 1000))}`,
          )
          .go();
      } else {
        await this.carts
          .put(item)
          .where((attr, op) => op.eq(attr.version, cart.version))
          .go();
      }
      return version;
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
  }

  async delete(ownerId: string): Promise<void> {
    await this.carts.delete({ ownerId }).go();
  }
}
