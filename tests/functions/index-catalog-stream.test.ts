import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { CatalogLookups, IndexCatalogStreamDeps } from '../../adapters/dynamodb/catalog-stream.js';
import type { Category, Product } from '../../domain/catalog/product.js';
import type { SearchDocument } from '../../domain/search/search.js';
import { catalogStreamHandler, handler, readIndexerConfig } from '../../functions/index-catalog-stream.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';

const context = { getRemainingTimeInMillis: () => 30_000, awsRequestId: 'test' } as Context;
const STREAM_ARN =
  'arn:aws:dynamodb:us-east-1:123456789012:table/shop-ci-catalog/stream/2025-01-01T00:00:00.000';
const [shoes, boots] = demoCategories() as [Category, Category];
const catalog = [...demoProducts(6, 3)].map((p, i) => ({
  ...p,
  status: 'active' as const,
  categoryId: i < 3 ? shoes.id : boots.id,
}));
const p = (i: number) => catalog[i]!;

/** The item ElectroDB writes for a product, a SKU or a category (what the stream's images hold). */
const productItem = (product: Product, extra: Record<string, unknown> = {}) =>
  marshall(
    {
      ...product,
      priceKey: '0',
      popularityKey: '0',
      revision: 'r',
      pk: `$shop#id_${product.id}`,
      sk: '$product_1',
      __edb_e__: 'product',
      __edb_v__: '1',
      ...extra,
    },
    { removeUndefinedValues: true },
  );
const skuItem = (sku: string) =>
  marshall({ sku, pk: `$shop#sku_${sku}`, sk: '$sku_1', __edb_e__: 'sku', __edb_v__: '1' });
const categoryItem = (category: Category) =>
  marshall({
    ...category,
    pk: '$shop',
    sk: `$category_1#id_${category.id}`,
    __edb_e__: 'category',
    __edb_v__: '1',
  });

let sequence = 1000;
function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { new?: Record<string, unknown>; old?: Record<string, unknown> },
): DynamoDBRecord {
  const item = (images.new ?? images.old) as { pk: unknown; sk: unknown };
  return {
    eventID: `e${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: STREAM_ARN,
    dynamodb: {
      ApproximateCreationDateTime: 1_735_689_600,
      Keys: { pk: item.pk, sk: item.sk } as never,
      ...(images.new ? { NewImage: images.new as never } : {}),
      ...(images.old ? { OldImage: images.old as never } : {}),
      SequenceNumber: String(++sequence).padStart(21, '0'),
      SizeBytes: 512,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function recordingIndex(fail: { upsert?: boolean } = {}) {
  const upserts: SearchDocument[][] = [];
  const removals: string[][] = [];
  return {
    upserts,
    removals,
    upsert: async (documents: readonly SearchDocument[]) => {
      upserts.push([...documents]);
      if (fail.upsert) throw new Error('bulk write rejected');
    },
    remove: async (ids: readonly string[]) => void removals.push([...ids]),
  };
}

const lookups = (overrides: Partial<CatalogLookups> = {}): CatalogLookups => ({
  categories: async () => [shoes, boots],
  activeProductsIn: async (categoryId) => catalog.filter((product) => product.categoryId === categoryId),
  ...overrides,
});

type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;
const run = (deps: IndexCatalogStreamDeps, records: DynamoDBRecord[]) =>
  (catalogStreamHandler(() => deps) as unknown as StreamHandler)({ Records: records }, context);
const seq = (r: DynamoDBRecord) => r.dynamodb!.SequenceNumber!;

describe('indexCatalogStream Lambda (hand-made stream records)', () => {
  it('indexes inserts and updates, removes deletes and archives, ignores SKUs: one upsert, one remove', async () => {
    const index = recordingIndex();
    const cheaper = { ...p(1), price: { ...p(1).price, amount: 999 } };
    const response = await run({ index, catalog: lookups() }, [
      record('INSERT', { new: productItem(p(0)) }),
      record('INSERT', { new: skuItem('SKU-1') }),
      record('MODIFY', { old: productItem(p(1)), new: productItem(cheaper) }),
      record('MODIFY', { old: productItem(p(2)), new: productItem({ ...p(2), status: 'archived' }) }),
      record('REMOVE', { old: productItem(p(3)) }),
      record('REMOVE', { old: skuItem('SKU-1') }),
    ]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(index.upserts).toHaveLength(1);
    expect(index.upserts[0]!.map((d) => [d.id, d.price.amount, d.categoryName])).toEqual([
      [p(0).id, p(0).price.amount, shoes.name],
      [p(1).id, 999, shoes.name],
    ]);
    expect(index.removals).toEqual([[p(2).id, p(3).id]]);
  });

  it('reports exactly the poison record and indexes the rest of the batch', async () => {
    const index = recordingIndex();
    const before = record('INSERT', { new: productItem(p(0)) });
    const poison = record('MODIFY', { new: productItem(p(1), { price: 'cheap' }) });
    const after = [
      record('INSERT', { new: productItem(p(4)) }),
      record('REMOVE', { old: productItem(p(5)) }),
    ];
    const response = await run({ index, catalog: lookups() }, [before, poison, ...after]);
    // Neither the whole batch nor nothing: Lambda retries from the poison record on and indexes nothing twice.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: seq(poison) }] });
    expect(index.upserts.flat().map((d) => d.id)).toEqual([p(0).id, p(4).id]);
    expect(index.removals).toEqual([[p(5).id]]);
  });

  it('reports the records whose index write failed, and only those', async () => {
    const index = recordingIndex({ upsert: true });
    const written = [
      record('INSERT', { new: productItem(p(0)) }),
      record('MODIFY', { new: productItem(p(1)) }),
    ];
    const removed = record('REMOVE', { old: productItem(p(2)) });
    const sku = record('MODIFY', { new: skuItem('SKU-2') });
    const response = await run({ index, catalog: lookups() }, [written[0]!, removed, sku, written[1]!]);
    expect(response.batchItemFailures).toEqual(written.map((r) => ({ itemIdentifier: seq(r) })));
    expect(index.removals).toEqual([[p(2).id]]);
  });

  it('a renamed category reindexes its products under the new name; an unchanged one costs nothing', async () => {
    const index = recordingIndex();
    const renamed = { ...boots, name: 'Mountain Boots' };
    const response = await run({ index, catalog: lookups() }, [
      record('MODIFY', { old: categoryItem(shoes), new: categoryItem(shoes) }),
      record('MODIFY', { old: categoryItem(boots), new: categoryItem(renamed) }),
    ]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(index.upserts).toHaveLength(1);
    expect(index.upserts[0]!.map((d) => [d.id, d.categoryName])).toEqual(
      catalog.filter((x) => x.categoryId === boots.id).map((x) => [x.id, 'Mountain Boots']),
    );
  });

  it('fails the whole batch (Lambda bisects and retries) when it cannot even start', async () => {
    const broken = catalogStreamHandler(() => {
      throw new Error('Invalid configuration: OPENSEARCH_URL');
    }) as unknown as StreamHandler;
    await expect(
      broken({ Records: [record('INSERT', { new: productItem(p(0)) })] }, context),
    ).rejects.toThrow(/OPENSEARCH_URL/);
  });

  it('the deployed handler builds OpenSearch from its environment; an unreachable engine fails exactly the written records', async () => {
    Object.assign(process.env, {
      STAGE: 'ci',
      CATALOG_TABLE: 'shop-ci-catalog',
      OPENSEARCH_URL: 'http://127.0.0.1:9',
      SEARCH_WRITE_TIMEOUT_MS: '500',
    });
    const removed = record('REMOVE', { old: productItem(p(0)) });
    const sku = record('INSERT', { new: skuItem('SKU-3') });
    const response = await (handler as unknown as StreamHandler)({ Records: [sku, removed] }, context);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: seq(removed) }] });
  });
});

describe('indexer configuration', () => {
  it('needs the catalog table and the OpenSearch URL, and names what is wrong', () => {
    expect(() => readIndexerConfig({ SEARCH_WRITE_TIMEOUT_MS: 'soon' })).toThrow(
      /CATALOG_TABLE \(not set\)[\s\S]*OPENSEARCH_URL \(not set\)[\s\S]*SEARCH_WRITE_TIMEOUT_MS \(got "soon"\)/,
    );
  });

  it('requires https outside the local and ci stages', () => {
    const env = { CATALOG_TABLE: 'shop-prod-catalog', OPENSEARCH_URL: 'http://search.internal:9200' };
    expect(() => readIndexerConfig({ ...env, STAGE: 'prod' })).toThrow(/OPENSEARCH_URL.*https/);
    expect(readIndexerConfig({ ...env, STAGE: 'ci' })).toMatchObject({ SEARCH_WRITE_TIMEOUT_MS: 5000 });
    expect(
      readIndexerConfig({ ...env, STAGE: 'prod', OPENSEARCH_URL: 'https://vpc-shop.es.amazonaws.com' }),
    ).toMatchObject({ OPENSEARCH_URL: 'https://vpc-shop.es.amazonaws.com' });
  });
});
