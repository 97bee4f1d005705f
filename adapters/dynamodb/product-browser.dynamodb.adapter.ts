import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { ProductBrowseFilter, ProductBrowser } from '../../domain/catalog/catalog-admin.ports.js';
import type { Page } from '../../domain/catalog/listing.js';
import type { Product } from '../../domain/catalog/product.js';
import { badCursor, decodeCursor, encodeCursor } from '../../domain/shared/opaque-cursor.js';
import { parseProduct } from './catalog.records.js';

const tableKey = z.object({ pk: z.string().check(z.maxLength(200)), sk: z.string().check(z.maxLength(200)) });
const cursorPayload = z.object({ f: z.string(), k: tableKey });

const matches = (product: Product, q: string) =>
  product.name.toLowerCase().includes(q) ||
  product.slug.includes(q) ||
  product.variants.some((variant) => variant.sku.toLowerCase().includes(q));

/**
 * The admin's product list over the catalog table. The storefront's indexes are sparse (active products only), and
 * a catalog of thousands is small for DynamoDB, so this scans the product items with the filters applied in the
 * table, in slices of at most `scanBudget` items per request: a rare match costs more requests, never a slow one.
 * The cursor is the table key of the last item looked at, so paging neither skips nor repeats.
 */
export class DynamoDbProductBrowser implements ProductBrowser {
  private readonly documents;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
    private readonly scanBudget = 1000,
  ) {
    this.documents = DynamoDBDocumentClient.from(client);
  }

  async browse(filter: ProductBrowseFilter, limit: number, cursor?: string): Promise<Page<Product>> {
    const scope = JSON.stringify([filter.q ?? '', filter.status ?? '', filter.categoryId ?? '']);
    let start: Record<string, unknown> | undefined = cursor ? this.startKey(cursor, scope) : undefined;
    const q = filter.q?.trim().toLowerCase();
    const items: Product[] = [];
    let scanned = 0;
    while (scanned < this.scanBudget) {
      const page = await this.documents.send(
        new ScanCommand({
          ...this.scanFilter(filter),
          ExclusiveStartKey: start,
          Limit: Math.min(250, this.scanBudget - scanned),
        }),
      );
      scanned += page.ScannedCount ?? 0;
      for (const row of page.Items ?? []) {
        const product = parseProduct(row);
        if (q && !matches(product, q)) continue;
        items.push(product);
        if (items.length === limit) {
          const last = { pk: String(row.pk), sk: String(row.sk) };
          return { items, nextCursor: encodeCursor({ f: scope, k: last }) };
        }
      }
      start = page.LastEvaluatedKey;
      if (!start) return { items, nextCursor: null };
    }
    return { items, nextCursor: encodeCursor({ f: scope, k: start }) };
  }

  private scanFilter(filter: ProductBrowseFilter): ScanCommandInput {
    const names: Record<string, string> = { '#entity': '__edb_e__' };
    const values: Record<string, unknown> = { ':product': 'product' };
    const conditions = ['#entity = :product'];
    if (filter.status) {
      names['#status'] = 'status';
      values[':status'] = filter.status;
      conditions.push('#status = :status');
    }
    if (filter.categoryId) {
      names['#category'] = 'categoryId';
      values[':category'] = filter.categoryId;
      conditions.push('#category = :category');
    }
    return {
      TableName: this.table,
      FilterExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  private startKey(cursor: string, scope: string) {
    const parsed = cursorPayload.safeParse(decodeCursor(cursor));
    if (!parsed.success || parsed.data.f !== scope) throw badCursor();
    return parsed.data.k;
  }
}
