import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Category, Product } from '../../domain/catalog/product.js';
import {
  type CatalogChange,
  type CategoryLookup,
  indexCatalogChanges,
} from '../../domain/search/index-catalog-changes.use-case.js';
import type { SearchIndex } from '../../domain/search/search.js';
import type { Logger } from '../logs/logger.js';
import { categoryEntity, productEntity } from './catalog.entities.js';
import { parseCategory, parseProduct } from './catalog.records.js';

/**
 * How ElectroDB marks the catalog table's items (catalog.entities.ts): `__edb_e__` holds the entity's name, and a
 * product's table key is `pk = $shop#id_<id>`, `sk = $product_<version>`. A test checks these against items the
 * repository writes.
 */
const ENTITY_FIELD = '__edb_e__';
export const CATALOG_ENTITIES = { product: 'product', sku: 'sku', category: 'category' } as const;
const PRODUCT_PK_PREFIX = '$shop#id_';
const PRODUCT_SK_PREFIX = '$product_';

/** What one stream record of the catalog table means for search. */
export type CatalogStreamEvent =
  /** A product was written (its new image) or deleted (null). */
  | { kind: 'product'; productId: string; product: Product | null }
  /** A category was created or renamed: its products' documents carry the old name (or none). */
  | { kind: 'category'; category: Category; renamed: boolean }
  /** Nothing the index holds: SKU items (their product item changes with them), deleted categories. */
  | { kind: 'ignored'; reason: string }
  /** A record that cannot be understood: reported as failed, never guessed at. */
  | { kind: 'poison'; reason: string };

type Image = Record<string, AttributeValue>;

const imageOf = (image: unknown): Record<string, unknown> => unmarshall(image as Image);

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The product id in a product item's table key, or null when the key is not a product's. */
function productIdFromKeys(keys: Record<string, unknown>): string | null {
  const { pk, sk } = keys;
  if (typeof pk !== 'string' || typeof sk !== 'string') return null;
  if (!pk.startsWith(PRODUCT_PK_PREFIX) || !sk.startsWith(PRODUCT_SK_PREFIX)) return null;
  return pk.slice(PRODUCT_PK_PREFIX.length) || null;
}

/**
 * Reads one stream record (images in DynamoDB JSON) of the catalog table. Product items become product changes:
 * INSERT and MODIFY carry the parsed new image, REMOVE carries null. A product item that does not parse, or a record
 * whose item cannot be told, is poison.
 */
export function readCatalogStreamRecord(record: DynamoDBRecord): CatalogStreamEvent {
  try {
    const data = record.dynamodb;
    if (!data) return { kind: 'poison', reason: 'the record has no dynamodb section' };
    if (record.eventName === 'REMOVE') {
      const old = data.OldImage ? imageOf(data.OldImage) : null;
      const keys = data.Keys ? imageOf(data.Keys) : {};
      const entity = old?.[ENTITY_FIELD];
      if (entity === CATALOG_ENTITIES.product || (old === null && productIdFromKeys(keys))) {
        const productId = productIdFromKeys(keys) ?? (typeof old?.id === 'string' ? old.id : null);
        if (!productId) return { kind: 'poison', reason: 'a removed product item without its id' };
        return { kind: 'product', productId, product: null };
      }
      if (old === null && Object.keys(keys).length === 0)
        return { kind: 'poison', reason: 'a REMOVE with neither keys nor old image' };
      return {
        kind: 'ignored',
        reason: `removed ${typeof entity === 'string' ? entity : 'non-product'} item`,
      };
    }
    if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY')
      return { kind: 'poison', reason: `unknown event ${JSON.stringify(record.eventName)}` };
    if (!data.NewImage)
      return {
        kind: 'poison',
        reason: `${record.eventName} without a new image (the stream must carry images)`,
      };
    const item = imageOf(data.NewImage);
    const entity = item[ENTITY_FIELD];
    if (entity === CATALOG_ENTITIES.product) {
      const product = parseProduct(item);
      return { kind: 'product', productId: product.id, product };
    }
    if (entity === CATALOG_ENTITIES.category) {
      const category = parseCategory(item);
      const before = data.OldImage ? imageOf(data.OldImage).name : undefined;
      return { kind: 'category', category, renamed: before !== category.name };
    }
    return { kind: 'ignored', reason: `${typeof entity === 'string' ? entity : 'unknown'} item` };
  } catch (error) {
    return { kind: 'poison', reason: message(error) };
  }
}

/** What the indexer reads from the catalog besides the stream. */
export interface CatalogLookups {
  /** Every category (read once per batch that writes documents). */
  categories(): Promise<readonly Category[]>;
  /** A category's active products, whose documents carry its name: reindexed when it is created or renamed. */
  activeProductsIn(categoryId: string): Promise<readonly Product[]>;
}

/** The lookups on the catalog table: one Query for the categories, one paged Query on gsi2 for a category's products. */
export class DynamoDbCatalogLookups implements CatalogLookups {
  private readonly categoryItems;
  private readonly productItems;

  constructor(client: DynamoDBClient, table: string) {
    this.categoryItems = categoryEntity(client, table);
    this.productItems = productEntity(client, table);
  }

  async categories(): Promise<readonly Category[]> {
    const { data } = await this.categoryItems.query.all({}).go({ pages: 'all' });
    // One bad category row must not stop every product from being indexed: it only loses its name.
    return data.flatMap((row) => parsedOrNone(() => parseCategory(row)));
  }

  async activeProductsIn(categoryId: string): Promise<readonly Product[]> {
    const { data } = await this.productItems.query.categoryNewest({ categoryId }).go({ pages: 'all' });
    // A product row that does not parse is reported by its own stream record.
    return data.flatMap((row) => parsedOrNone(() => parseProduct(row)));
  }
}

function parsedOrNone<T>(parse: () => T): T[] {
  try {
    return [parse()];
  } catch {
    return [];
  }
}

export interface IndexCatalogStreamDeps {
  index: Pick<SearchIndex, 'upsert' | 'remove'>;
  catalog: CatalogLookups;
  log?: Pick<Logger, 'warn' | 'error'>;
}

type TaggedChange = CatalogChange & { record: DynamoDBRecord };

/**
 * The indexer: DynamoDB stream records of the catalog table in, the search index updated, and the records that
 * failed out as Lambda's partial batch response (their SequenceNumbers). A record fails when it is poison or when
 * the index write that carried its change failed; every other record is indexed. The same code serves the Lambda on
 * the table's stream and the local stack, which posts the same records.
 */
export async function indexCatalogStream(
  records: readonly DynamoDBRecord[],
  deps: IndexCatalogStreamDeps,
): Promise<DynamoDBBatchResponse> {
  const failed = new Set<DynamoDBRecord>();
  const fail = (record: DynamoDBRecord, reason: string, level: 'warn' | 'error' = 'warn') => {
    failed.add(record);
    deps.log?.[level]('catalog change not indexed', {
      sequenceNumber: record.dynamodb?.SequenceNumber,
      eventID: record.eventID,
      eventName: record.eventName,
      reason,
    });
  };

  const events = records.map((record) => ({ record, event: readCatalogStreamRecord(record) }));
  const seenCategories = new Map<string, Category>();
  for (const { event } of events)
    if (event.kind === 'category') seenCategories.set(event.category.id, event.category);

  // A created or renamed category brings its products along, at its place in the batch.
  const steps = await Promise.all(
    events.map(async ({ record, event }): Promise<TaggedChange[]> => {
      switch (event.kind) {
        case 'product':
          return [{ productId: event.productId, product: event.product, record }];
        case 'category': {
          if (!event.renamed) return [];
          try {
            const products = await deps.catalog.activeProductsIn(event.category.id);
            return products.map((product) => ({ productId: product.id, product, record }));
          } catch (error) {
            fail(record, `reading the products of category ${event.category.id}: ${message(error)}`, 'error');
            return [];
          }
        }
        case 'poison':
          fail(record, event.reason);
          return [];
        case 'ignored':
          return [];
      }
    }),
  );

  // The names in this batch's category records are newer than what a read may still return.
  const categories: CategoryLookup = async () => {
    const byId = new Map((await deps.catalog.categories()).map((category) => [category.id, category]));
    for (const [id, category] of seenCategories) byId.set(id, category);
    return byId;
  };
  const result = await indexCatalogChanges(steps.flat(), { index: deps.index, categories });
  const unwritten = new Set(result.failed.map((change) => change.record).filter((r) => !failed.has(r)));
  for (const record of unwritten) failed.add(record);
  if (result.errors.length > 0)
    deps.log?.error('search index write failed', {
      errors: result.errors,
      records: [...unwritten].map((record) => record.dynamodb?.SequenceNumber),
    });

  const batchItemFailures = records
    .filter((record) => failed.has(record))
    .map((record) => {
      const itemIdentifier = record.dynamodb?.SequenceNumber;
      // Without a sequence number Lambda cannot retry just this record: fail the whole batch instead.
      if (!itemIdentifier) throw new Error(`a failed record (${record.eventID}) has no SequenceNumber`);
      return { itemIdentifier };
    });
  return { batchItemFailures };
}
