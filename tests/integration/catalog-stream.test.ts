import { DeleteTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamApiRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { productEntity } from '../../adapters/dynamodb/catalog.entities.js';
import { toProductRecord } from '../../adapters/dynamodb/catalog.records.js';
import { DynamoDbCatalogLookups } from '../../adapters/dynamodb/catalog-stream.js';
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.js';
import { ensureTables, tableDefinitions } from '../../adapters/dynamodb/table-definitions.js';
import { EmbeddedSearchIndex } from '../../adapters/search/embedded.search-index.js';
import { assembleProduct, type Category, type Product } from '../../domain/catalog/product.js';
import { MAX_SEARCH_LIMIT, type SearchDocument } from '../../domain/search/search.js';
import { catalogStreamHandler } from '../../functions/index-catalog-stream.js';
import { demoCategories, demoProducts } from '../../local/seed/demo-catalog.js';
import { describeWithService } from '../support/real-services.js';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const context = { getRemainingTimeInMillis: () => 30_000, awsRequestId: 'catalog-stream-test' } as Context;
type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

/** Every document the engine holds, by id (the test catalog is far smaller than a page). */
async function indexed(index: EmbeddedSearchIndex): Promise<Map<string, SearchDocument>> {
  const { items, total } = await index.search({ sort: 'newest', page: 1, limit: MAX_SEARCH_LIMIT });
  expect(items).toHaveLength(total);
  return new Map(items.map(({ document }) => [document.id, document]));
}

/**
 * A record from GetRecords as Lambda hands it to a function: JSON, the stream's ARN added, the creation time in
 * epoch seconds (Lambda's event format), everything else as the stream gave it.
 */
function asLambdaRecord(record: StreamApiRecord, streamArn: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return JSON.parse(
    JSON.stringify({
      ...record,
      eventSourceARN: streamArn,
      dynamodb: {
        ...record.dynamodb,
        ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      },
    }),
  );
}

describeWithService('MOTO_URL', 'the indexer on real DynamoDB stream records (moto)', (url) => {
  let client: DynamoDBClient;
  let streams: DynamoDBStreamsClient;
  let repository: ElectroDbCatalogRepository;
  let table: string;
  let streamArn: string;
  let iterators: string[];
  let lookups: DynamoDbCatalogLookups;
  const categories = demoCategories().slice(0, 3);
  const catalog = [...demoProducts(12, 11)].map((p, i) => ({
    ...p,
    categoryId: categories[i % 3]!.id,
    status: 'active' as const,
  }));

  /** Every record written since the last call, from every shard, in order. */
  async function newRecords(): Promise<DynamoDBRecord[]> {
    const records: DynamoDBRecord[] = [];
    for (const [i, iterator] of iterators.entries()) {
      let next: string | undefined = iterator;
      for (;;) {
        const page: GetRecordsCommandOutput = await streams.send(
          new GetRecordsCommand({ ShardIterator: next }),
        );
        records.push(...(page.Records ?? []).map((r) => asLambdaRecord(r, streamArn)));
        if (!page.NextShardIterator || (page.Records ?? []).length === 0) {
          iterators[i] = page.NextShardIterator ?? next!;
          break;
        }
        next = page.NextShardIterator;
      }
    }
    return records;
  }

  const index = new EmbeddedSearchIndex();
  const handler = () => catalogStreamHandler(() => ({ index, catalog: lookups })) as unknown as StreamHandler;
  const deliver = (records: DynamoDBRecord[]) => handler()({ Records: records }, context);
  const productRecords = (records: DynamoDBRecord[]) =>
    records.filter((r) => (r.dynamodb?.NewImage ?? r.dynamodb?.OldImage)?.__edb_e__?.S === 'product');
  const withPrice = (product: Product, amount: number) =>
    assembleProduct({
      ...product,
      variants: product.variants.map((v) => ({ ...v, price: { ...v.price, amount } })),
    });

  beforeAll(async () => {
    client = createDynamoDbClient({ region: REGION, endpoint: url, requestTimeoutMs: 10_000 });
    streams = new DynamoDBStreamsClient({ region: REGION, endpoint: url, credentials });
    table = `catalog-stream-${process.pid}-${Date.now()}`;
    // CloudFormation's StreamSpecification names only the view; the CreateTable API also wants it enabled.
    const [definition] = tableDefinitions({ CatalogTable: table });
    const view = definition!.StreamSpecification?.StreamViewType;
    expect(view).toBe('NEW_AND_OLD_IMAGES');
    await ensureTables(client, [
      { ...definition!, StreamSpecification: { StreamEnabled: true, StreamViewType: view } },
    ]);
    streamArn = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    iterators = await Promise.all(
      (StreamDescription?.Shards ?? []).map(async (shard) => {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId!,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        return ShardIterator!;
      }),
    );
    repository = new ElectroDbCatalogRepository(client, table);
    lookups = new DynamoDbCatalogLookups(client, table);
    await repository.saveCategories(categories);
    expect(await deliver(await newRecords())).toEqual({ batchItemFailures: [] });
  });

  afterAll(async () => {
    await index.close();
    await client?.send(new DeleteTableCommand({ TableName: table })).catch(() => {});
    client?.destroy();
    streams?.destroy();
  });

  it('hands the function records as Lambda does, and indexes new active products with their category names', async () => {
    const draft = { ...catalog[9]!, status: 'draft' as const };
    await repository.saveProducts([...catalog.slice(0, 6), draft]);
    const records = await newRecords();
    // One INSERT per product item and per SKU item, each with the stream's ARN and a sequence number.
    expect(productRecords(records)).toHaveLength(7);
    for (const record of records)
      expect(record).toMatchObject({
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        eventSourceARN: streamArn,
        dynamodb: { SequenceNumber: expect.any(String), StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });

    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    const documents = await indexed(index);
    expect([...documents.keys()].sort()).toEqual(
      catalog
        .slice(0, 6)
        .map((p) => p.id)
        .sort(),
    );
    const first = documents.get(catalog[0]!.id)!;
    expect(first).toMatchObject({ name: catalog[0]!.name, categoryName: categories[0]!.name });
    expect(first.skus).toEqual(catalog[0]!.variants.map((v) => v.sku));
    // Searchable, not only stored: its SKU finds it.
    const bySku = await index.search({ text: first.skus[0], sort: 'relevance', page: 1, limit: 5 });
    expect(bySku.items[0]?.document.id).toBe(first.id);
  });

  it('an update changes the indexed price', async () => {
    const product = catalog[1]!;
    await repository.saveProducts([withPrice(product, 4321)]);
    const records = await newRecords();
    expect(productRecords(records).map((r) => r.eventName)).toEqual(['MODIFY']);
    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    expect((await indexed(index)).get(product.id)!.price).toEqual({ amount: 4321, currency: 'USD' });
    const atNewPrice = await index.search({
      minPrice: 4321,
      maxPrice: 4321,
      sort: 'newest',
      page: 1,
      limit: 5,
    });
    expect(atNewPrice.items.map((hit) => hit.document.id)).toEqual([product.id]);
  });

  it('an archive removes the product', async () => {
    const product = catalog[2]!;
    await repository.saveProducts([{ ...product, status: 'archived' }]);
    const records = await newRecords();
    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    expect((await indexed(index)).has(product.id)).toBe(false);
  });

  it('a delete removes the product', async () => {
    const product = catalog[3]!;
    await productEntity(client, table).delete({ id: product.id }).go();
    const records = await newRecords();
    expect(records.map((r) => r.eventName)).toEqual(['REMOVE']);
    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    const documents = await indexed(index);
    expect(documents.has(product.id)).toBe(false);
    expect(documents.has(catalog[4]!.id)).toBe(true);
  });

  it('a batch holding a poison record reports exactly its SequenceNumber and indexes the rest', async () => {
    const before = withPrice(catalog[4]!, 1111);
    const poisoned = catalog[5]!;
    const after = catalog[6]!;
    await repository.saveProducts([before]);
    // A product item no reader can parse (the entity's price is untyped, so ElectroDB writes it).
    await productEntity(client, table)
      .put({ ...toProductRecord(poisoned), price: 'cheap' as never })
      .go();
    await repository.saveProducts([after]);
    const records = await newRecords();
    const poison = records.find(
      (r) => r.dynamodb?.NewImage?.id?.S === poisoned.id && r.dynamodb.NewImage.price?.S === 'cheap',
    )!;
    expect(poison).toBeDefined();
    expect(records.indexOf(poison)).toBeGreaterThan(0);
    expect(records.indexOf(poison)).toBeLessThan(records.length - 1);

    const response = await deliver(records);
    // Not the whole batch, not nothing: exactly the poison record.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: poison.dynamodb!.SequenceNumber }] });
    const documents = await indexed(index);
    expect(documents.get(before.id)!.price.amount).toBe(1111);
    expect(documents.get(after.id)).toMatchObject({ id: after.id, categoryName: categories[0]!.name });
    // The poisoned product keeps its last good document (the last good image), it is not guessed at.
    expect(documents.get(poisoned.id)!.price).toEqual(poisoned.price);

    // Lambda retries from the reported record on: the poison fails again, the rest is indexed again, unharmed.
    const retried = records.slice(records.indexOf(poison));
    expect(await deliver(retried)).toEqual({
      batchItemFailures: [{ itemIdentifier: poison.dynamodb!.SequenceNumber }],
    });
    const again = await indexed(index);
    expect(again.get(after.id)).toEqual(documents.get(after.id));
    expect(again.get(before.id)!.price.amount).toBe(1111);
  });

  it('a renamed category reindexes its active products under the new name', async () => {
    const renamed: Category = { ...categories[1]!, name: 'Renamed Category' };
    await repository.saveCategories([renamed]);
    const records = await newRecords();
    expect(records.map((r) => r.eventName)).toEqual(['MODIFY']);
    expect(await deliver(records)).toEqual({ batchItemFailures: [] });
    const inCategory = [...(await indexed(index)).values()].filter((d) => d.categoryId === renamed.id);
    expect(inCategory.length).toBeGreaterThan(0);
    for (const document of inCategory) expect(document.categoryName).toBe('Renamed Category');
  });
});
