import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, Product } from '../../domain/catalog/product.js';
import type { SearchDocument } from '../../domain/search/search.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { type DynamoFixture, startDynalite } from '../../tests/support/dynalite.js';
import { ElectroDbCatalogRepository } from './catalog.electrodb.adapter.js';
import {
  CATALOG_ENTITIES,
  DynamoDbCatalogLookups,
  indexCatalogStream,
  readCatalogStreamRecord,
} from './catalog-stream.js';

type Item = Record<string, AttributeValue>;
let sequence = 100;

/** A stream record as DynamoDB Streams delivers it for a NEW_AND_OLD_IMAGES table. */
function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { old?: Item; new?: Item },
): DynamoDBRecord {
  const item = (images.new ?? images.old)!;
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/catalog/stream/2025-01-01T00:00:00.000',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: { pk: item.pk, sk: item.sk } as never,
      ...(images.new ? { NewImage: images.new as never } : {}),
      ...(images.old ? { OldImage: images.old as never } : {}),
      SequenceNumber: String(++sequence),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

let dynamo: DynamoFixture;
let repository: ElectroDbCatalogRepository;
const categories = demoCategories().slice(0, 2);
const products = [...demoProducts(8, 7)].map((p, i) => ({
  ...p,
  categoryId: categories[i % 2]!.id,
  status: 'active' as const,
}));
/** Every item the repository wrote, as stored (DynamoDB JSON, the stream's image format). */
let stored: Item[];
const storedProduct = (id: string) => stored.find((i) => i.__edb_e__?.S === 'product' && i.id?.S === id)!;
const storedOf = (entity: string) => stored.find((i) => i.__edb_e__?.S === entity)!;

beforeAll(async () => {
  dynamo = await startDynalite();
  repository = new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog);
  await repository.saveCategories(categories);
  await repository.saveProducts(products);
  stored = ((await dynamo.client.send(new ScanCommand({ TableName: dynamo.tables.catalog }))).Items ??
    []) as Item[];
});
afterAll(() => dynamo.close());

describe('readCatalogStreamRecord', () => {
  it('knows the entities and keys the repository writes', () => {
    const entities = new Set(stored.map((item) => item.__edb_e__?.S));
    expect(entities).toEqual(new Set(Object.values(CATALOG_ENTITIES)));
  });

  it('reads a written product from its new image, exactly as the repository reads it', async () => {
    const product = products[0]!;
    for (const eventName of ['INSERT', 'MODIFY'] as const) {
      const event = readCatalogStreamRecord(record(eventName, { new: storedProduct(product.id) }));
      expect(event).toEqual({
        kind: 'product',
        productId: product.id,
        product: await repository.getProductById(product.id),
      });
    }
  });

  it('reads a removed product as null, from its old image or from its keys alone', () => {
    const item = storedProduct(products[1]!.id);
    expect(readCatalogStreamRecord(record('REMOVE', { old: item }))).toEqual({
      kind: 'product',
      productId: products[1]!.id,
      product: null,
    });
    const keysOnly = record('REMOVE', { old: item });
    delete keysOnly.dynamodb!.OldImage;
    expect(readCatalogStreamRecord(keysOnly)).toEqual({
      kind: 'product',
      productId: products[1]!.id,
      product: null,
    });
  });

  it('ignores SKU items and removed categories; a new or renamed category says so', () => {
    const sku = storedOf('sku');
    const category = storedOf('category');
    expect(readCatalogStreamRecord(record('INSERT', { new: sku })).kind).toBe('ignored');
    expect(readCatalogStreamRecord(record('MODIFY', { old: sku, new: sku })).kind).toBe('ignored');
    expect(readCatalogStreamRecord(record('REMOVE', { old: sku })).kind).toBe('ignored');
    expect(readCatalogStreamRecord(record('REMOVE', { old: category })).kind).toBe('ignored');
    expect(readCatalogStreamRecord(record('INSERT', { new: category }))).toMatchObject({
      kind: 'category',
      renamed: true,
    });
    expect(readCatalogStreamRecord(record('MODIFY', { old: category, new: category }))).toMatchObject({
      kind: 'category',
      renamed: false,
    });
    const renamed = { ...category, name: { S: 'Renamed' } };
    expect(readCatalogStreamRecord(record('MODIFY', { old: category, new: renamed }))).toMatchObject({
      kind: 'category',
      category: { name: 'Renamed' },
      renamed: true,
    });
  });

  it('calls a product item that does not parse, or a record it cannot place, poison', () => {
    const item = storedProduct(products[2]!.id);
    const cases: DynamoDBRecord[] = [
      record('MODIFY', { new: { ...item, price: { S: 'cheap' } } }),
      record('MODIFY', { new: { ...item, variants: { N: 'not a number' } } }),
      record('INSERT', { new: { ...item, status: { S: 'deleted' } } }),
      {
        ...record('MODIFY', { new: item }),
        dynamodb: { ...record('MODIFY', { new: item }).dynamodb, NewImage: undefined },
      },
      { ...record('REMOVE', { old: item }), dynamodb: { SequenceNumber: '1' } },
      { ...record('MODIFY', { new: item }), eventName: 'TRUNCATE' as never },
      { eventID: 'x', eventName: 'INSERT' },
    ];
    for (const poison of cases)
      expect(readCatalogStreamRecord(poison).kind, JSON.stringify(poison)).toBe('poison');
  });
});

describe('indexCatalogStream on the catalog table', () => {
  function recordingIndex() {
    const upserts: SearchDocument[][] = [];
    const removals: string[][] = [];
    return {
      upserts,
      removals,
      upsert: async (documents: readonly SearchDocument[]) => void upserts.push([...documents]),
      remove: async (ids: readonly string[]) => void removals.push([...ids]),
    };
  }

  it('names each document with its category, read from the table', async () => {
    const index = recordingIndex();
    const catalog = new DynamoDbCatalogLookups(dynamo.client, dynamo.tables.catalog);
    const response = await indexCatalogStream(
      products.slice(0, 2).map((p) => record('INSERT', { new: storedProduct(p.id) })),
      { index, catalog },
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(index.upserts.flat().map((d) => [d.id, d.categoryName])).toEqual([
      [products[0]!.id, categories[0]!.name],
      [products[1]!.id, categories[1]!.name],
    ]);
  });

  it("a renamed category reindexes its active products under the new name (the record's name, not a stale read)", async () => {
    const index = recordingIndex();
    const category = categories[0]!;
    const item = stored.find((i) => i.__edb_e__?.S === 'category' && i.id?.S === category.id)!;
    const renamed: Category = { ...category, name: 'Trail Footwear' };
    // The table still holds the old name: the lookup reads it, the record's image must win.
    const response = await indexCatalogStream(
      [
        record('MODIFY', {
          old: item,
          new: marshall({ ...unmarshallName(item), name: renamed.name }) as Item,
        }),
      ],
      { index, catalog: new DynamoDbCatalogLookups(dynamo.client, dynamo.tables.catalog) },
    );
    expect(response).toEqual({ batchItemFailures: [] });
    const inCategory = products.filter((p: Product) => p.categoryId === category.id).map((p) => p.id);
    expect(index.upserts).toHaveLength(1);
    expect(index.upserts[0]!.map((d) => d.id).sort()).toEqual([...inCategory].sort());
    expect(new Set(index.upserts[0]!.map((d) => d.categoryName))).toEqual(new Set(['Trail Footwear']));
  });

  it('a category whose products cannot be read is reported, the rest of the batch indexed', async () => {
    const index = recordingIndex();
    const catalog = new DynamoDbCatalogLookups(dynamo.client, dynamo.tables.catalog);
    const failing = {
      categories: () => catalog.categories(),
      activeProductsIn: async () => {
        throw new Error('throttled');
      },
    };
    const categoryRecord = record('INSERT', { new: storedOf('category') });
    const productRecord = record('MODIFY', { new: storedProduct(products[3]!.id) });
    const response = await indexCatalogStream([categoryRecord, productRecord], { index, catalog: failing });
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: categoryRecord.dynamodb!.SequenceNumber }],
    });
    expect(index.upserts.flat().map((d) => d.id)).toEqual([products[3]!.id]);
  });
});

/** The category item's plain attributes (pk, sk and ElectroDB's markers included), to edit and marshal back. */
function unmarshallName(item: Item): Record<string, string> {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, value.S ?? '']));
}
