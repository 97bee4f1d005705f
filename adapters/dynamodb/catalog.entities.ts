import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Entity } from 'electrodb';

const SERVICE = 'shop';
const activeOnly = (attributes: Record<string, unknown>) => attributes.status === 'active';

/**
 * One catalog table. Every request path is one GetItem or one Query: by id (table key), by slug (gsi1),
 * and a sparse index per listing order, per category (gsi2-4) and over the whole active catalog (gsi5-7).
 * Only active products enter the listing indexes.
 */
export function productEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: 'product', version: '1', service: SERVICE },
      attributes: {
        id: { type: 'string', required: true },
        slug: { type: 'string', required: true },
        name: { type: 'string', required: true },
        description: { type: 'string', required: true },
        brand: { type: 'string', required: true },
        categoryId: { type: 'string', required: true },
        status: { type: ['draft', 'active', 'archived'] as const, required: true },
        images: { type: 'any', required: true },
        attributes: { type: 'any', required: true },
        variants: { type: 'any', required: true },
        price: { type: 'any', required: true },
        availability: { type: 'any', required: true },
        popularity: { type: 'number', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        priceKey: { type: 'string', required: true },
        popularityKey: { type: 'string', required: true },
        /** Replaced on every write, so a read-modify-write can be made conditional on it. */
        revision: { type: 'string' },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['id'], casing: 'none' },
          sk: { field: 'sk', composite: [], casing: 'none' },
        },
        bySlug: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['slug'], casing: 'none' },
          sk: { field: 'gsi1sk', composite: [], casing: 'none' },
        },
        categoryNewest: {
          index: 'gsi2',
          condition: activeOnly,
          pk: { field: 'gsi2pk', composite: ['categoryId'], casing: 'none' },
          sk: { field: 'gsi2sk', composite: ['createdAt', 'id'], casing: 'none' },
        },
        categoryPrice: {
          index: 'gsi3',
          condition: activeOnly,
          pk: { field: 'gsi3pk', composite: ['categoryId'], casing: 'none' },
          sk: { field: 'gsi3sk', composite: ['priceKey', 'id'], casing: 'none' },
        },
        categoryPopularity: {
          index: 'gsi4',
          condition: activeOnly,
          pk: { field: 'gsi4pk', composite: ['categoryId'], casing: 'none' },
          sk: { field: 'gsi4sk', composite: ['popularityKey', 'id'], casing: 'none' },
        },
        allNewest: {
          index: 'gsi5',
          condition: activeOnly,
          pk: { field: 'gsi5pk', composite: ['status'], casing: 'none' },
          sk: { field: 'gsi5sk', composite: ['createdAt', 'id'], casing: 'none' },
        },
        allPrice: {
          index: 'gsi6',
          condition: activeOnly,
          pk: { field: 'gsi6pk', composite: ['status'], casing: 'none' },
          sk: { field: 'gsi6sk', composite: ['priceKey', 'id'], casing: 'none' },
        },
        allPopularity: {
          index: 'gsi7',
          condition: activeOnly,
          pk: { field: 'gsi7pk', composite: ['status'], casing: 'none' },
          sk: { field: 'gsi7sk', composite: ['popularityKey', 'id'], casing: 'none' },
        },
      },
    },
    { client, table },
  );
}

export function categoryEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: 'category', version: '1', service: SERVICE },
      attributes: {
        id: { type: 'string', required: true },
        slug: { type: 'string', required: true },
        name: { type: 'string', required: true },
        description: { type: 'string', required: true },
      },
      indexes: {
        all: {
          pk: { field: 'pk', composite: [], casing: 'none' },
          sk: { field: 'sk', composite: ['id'], casing: 'none' },
        },
      },
    },
    { client, table },
  );
}

export type ProductEntity = ReturnType<typeof productEntity>;
export type ListingIndex =
  | 'categoryNewest'
  | 'categoryPrice'
  | 'categoryPopularity'
  | 'allNewest'
  | 'allPrice'
  | 'allPopularity';

/** One item per SKU, written with its product: the cart and checkout look SKUs up in one BatchGetItem. */
export function skuEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: 'sku', version: '1', service: SERVICE },
      attributes: {
        sku: { type: 'string', required: true },
        productId: { type: 'string', required: true },
        productSlug: { type: 'string', required: true },
        // Optional: SKU records written before checkouts recorded categories have none.
        categoryId: { type: 'string' },
        name: { type: 'string', required: true },
        price: { type: 'any', required: true },
        availability: { type: 'any', required: true },
        active: { type: 'boolean', required: true },
      },
      indexes: {
        bySku: {
          pk: { field: 'pk', composite: ['sku'], casing: 'none' },
          sk: { field: 'sk', composite: [], casing: 'none' },
        },
      },
    },
    { client, table },
  );
}
