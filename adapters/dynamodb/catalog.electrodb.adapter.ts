import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { createConversions } from 'electrodb';
import * as z from 'zod/mini';
import type { SkuCatalog, SkuInfo } from '../../domain/cart/cart.ports.js';
import type { CatalogRepository } from '../../domain/catalog/catalog.repository.port.js';
import type { ListProductsQuery, Page, ProductSort } from '../../domain/catalog/listing.js';
import type { Category, Product, ProductSummary } from '../../domain/catalog/product.js';
import { badCursor, decodeCursor, encodeCursor } from '../../domain/shared/opaque-cursor.js';
import { categoryEntity, type ListingIndex, productEntity, skuEntity } from './catalog.entities.js';
import {
  parseCategory,
  parseProduct,
  parseSku,
  parseSummary,
  revisionOf,
  sortablePopularity,
  sortablePrice,
  toProductRecord,
  toSkuRecords,
} from './catalog.records.js';
import { isConditionFailure } from './condition-failed.js';

type SortField = 'createdAt' | 'priceKey' | 'popularityKey';

const SORT_PLANS: Record<
  ProductSort,
  { index: 'Newest' | 'Price' | 'Popularity'; order: 'asc' | 'desc'; field: SortField }
> = {
  newest: { index: 'Newest', order: 'desc', field: 'createdAt' },
  price_asc: { index: 'Price', order: 'asc', field: 'priceKey' },
  price_desc: { index: 'Price', order: 'desc', field: 'priceKey' },
  popularity: { index: 'Popularity', order: 'desc', field: 'popularityKey' },
};

/** What our cursor carries: the listing it belongs to and the sort position of the last item shown. */
const cursorPayload = z.object({
  q: z.string(),
  id: z.string().check(z.regex(/^prd_[0-9A-Z]{26}$/)),
  k: z.string().check(z.maxLength(64)),
});

const sortValue = (item: ProductSummary, field: SortField) =>
  field === 'createdAt'
    ? item.createdAt
    : field === 'priceKey'
      ? sortablePrice(item.price.amount)
      : sortablePopularity(item.popularity);

const BATCH_RETRIES = 8;
const keyOf = (item: unknown, field: 'id' | 'sku') => ({ [field]: (item as Record<string, string>)[field] });

export class ElectroDbCatalogRepository implements CatalogRepository, SkuCatalog {
  private readonly products;
  private readonly categories;
  private readonly skus;
  private readonly conversions;

  constructor(
    private readonly client: DynamoDBClient,
    table: string,
  ) {
    this.products = productEntity(client, table);
    this.categories = categoryEntity(client, table);
    this.skus = skuEntity(client, table);
    this.conversions = createConversions(this.products);
  }

  async listProducts(query: ListProductsQuery): Promise<Page<ProductSummary>> {
    const plan = SORT_PLANS[query.sort];
    const scope = `${query.categoryId ?? '*'}|${query.sort}`;
    const accessPattern: ListingIndex = query.categoryId ? `category${plan.index}` : `all${plan.index}`;
    const partition: Record<string, string> = query.categoryId
      ? { categoryId: query.categoryId }
      : { status: 'active' };
    const startAfter = query.cursor
      ? this.startKey(query.cursor, scope, accessPattern, plan.field, partition)
      : null;

    const listing = this.products.query[accessPattern] as unknown as (keys: Record<string, string>) => {
      go(options: object): Promise<{ data: unknown[] }>;
    };
    const result = await listing(partition).go({
      limit: query.limit + 1,
      order: plan.order,
      cursor: startAfter,
    });
    const items = result.data.slice(0, query.limit + 1).map(parseSummary);
    const hasMore = items.length > query.limit;
    const page = items.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor:
        hasMore && last ? encodeCursor({ q: scope, id: last.id, k: sortValue(last, plan.field) }) : null,
    };
  }

  async getProductById(id: string): Promise<Product | null> {
    const { data } = await this.products.get({ id }).go();
    return data ? parseProduct(data) : null;
  }

  async getProductBySlug(slug: string): Promise<Product | null> {
    const { data } = await this.products.query.bySlug({ slug }).go({ limit: 1 });
    return data[0] ? parseProduct(data[0]) : null;
  }

  async listCategories(): Promise<Category[]> {
    const { data } = await this.categories.query.all({}).go({ pages: 'all' });
    return data.map(parseCategory).sort((a, b) => a.name.localeCompare(b.name));
  }

  async saveProducts(products: readonly Product[]): Promise<void> {
    const records = products.map(toProductRecord);
    await this.putAll(records, (batch) => this.products.put(batch).go());
    await this.putAll(products.flatMap(toSkuRecords), (batch) => this.skus.put(batch).go(), 'sku');
  }

  async countActiveProducts(): Promise<number> {
    // The whole-catalog listing index holds exactly the active products; COUNT reads keys only.
    const params = this.products.query.allNewest({ status: 'active' }).params() as QueryCommandInput;
    let count = 0;
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const page = await DynamoDBDocumentClient.from(this.client).send(
        new QueryCommand({ ...params, Select: 'COUNT', ExclusiveStartKey: start }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async *allProducts(pageSize: number): AsyncIterable<Product[]> {
    let cursor: string | null = null;
    do {
      const page: { data: unknown[]; cursor: string | null } = await this.products.scan.go({
        cursor,
        limit: pageSize,
      });
      if (page.data.length > 0) yield page.data.map(parseProduct);
      cursor = page.cursor;
    } while (cursor);
  }

  async getProductForUpdate(id: string): Promise<{ product: Product; revision: string | null } | null> {
    const { data } = await this.products.get({ id }).go({ consistent: true });
    return data ? { product: parseProduct(data), revision: revisionOf(data) } : null;
  }

  async saveProductIfUnchanged(product: Product, revision: string | null): Promise<'saved' | 'conflict'> {
    try {
      await this.products
        .put(toProductRecord(product))
        .where((attr, op) =>
          revision === null ? op.notExists(attr.revision) : op.eq(attr.revision, revision),
        )
        .go();
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      throw error;
    }
    await this.putAll(toSkuRecords(product), (batch) => this.skus.put(batch).go(), 'sku');
    return 'saved';
  }

  async getSkus(skus: readonly string[]): Promise<Map<string, SkuInfo>> {
    const unique = [...new Set(skus)];
    if (unique.length === 0) return new Map();
    const { data } = await this.skus.get(unique.map((sku) => ({ sku }))).go({ consistent: true });
    return new Map(data.map((row) => parseSku(row)).map((info) => [info.sku, info]));
  }

  async saveCategories(categories: readonly Category[]): Promise<void> {
    await this.putAll([...categories], (batch) => this.categories.put(batch).go());
  }

  private startKey(
    cursor: string,
    scope: string,
    accessPattern: ListingIndex,
    field: SortField,
    partition: Record<string, string>,
  ): string {
    const parsed = cursorPayload.safeParse(decodeCursor(cursor));
    if (!parsed.success || parsed.data.q !== scope) throw badCursor();
    const composite = { ...partition, id: parsed.data.id, [field]: parsed.data.k };
    return this.conversions.byAccessPattern[accessPattern].fromComposite.toCursor(composite as never);
  }

  /** BatchWriteItem may leave items unprocessed under throttling; retry those with jittered backoff. */
  private async putAll<T>(
    items: T[],
    write: (batch: T[]) => Promise<{ unprocessed: unknown[] }>,
    keyField: 'id' | 'sku' = 'id',
  ): Promise<void> {
    let pending = items;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BATCH_RETRIES)
        throw new Error(`${pending.length} catalog items were not written after retries`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
      const { unprocessed } = await write(pending);
      const left = new Set(unprocessed.map((key) => JSON.stringify(key)));
      pending =
        left.size === 0 ? [] : pending.filter((item) => left.has(JSON.stringify(keyOf(item, keyField))));
    }
  }
}
