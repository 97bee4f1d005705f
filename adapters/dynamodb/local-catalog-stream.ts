import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { productEntity } from './catalog.entities.js';

/**
 * What DynamoDB Streams does for the catalog table on AWS, for the local stack (dynalite has no streams): after a
 * write, the stored product items are read back and sent, as NEW_AND_OLD_IMAGES stream records, to whoever indexes
 * them (the local search service runs the same handler code as the indexer Lambda).
 */
export class LocalCatalogStream {
  private readonly products;
  private sequence = BigInt(Date.now()) * 1_000_000n;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
    private readonly endpoint: string,
    private readonly timeoutMs = 2000,
  ) {
    this.products = productEntity(client, table);
  }

  async productsChanged(ids: readonly string[]): Promise<void> {
    // The catalog archives products rather than deleting them, so every changed product is still there to read.
    const records = (await Promise.all([...new Set(ids)].map((id) => this.recordFor(id)))).filter(
      (record): record is DynamoDBRecord => record !== null,
    );
    if (records.length === 0) return;
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Records: records }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`the catalog stream consumer answered ${response.status}`);
    const { batchItemFailures = [] } = (await response.json()) as { batchItemFailures?: unknown[] };
    if (batchItemFailures.length > 0)
      throw new Error(`${batchItemFailures.length} of ${records.length} catalog changes were not indexed`);
  }

  private async recordFor(id: string): Promise<DynamoDBRecord | null> {
    const { data } = (await this.products.get({ id }).go({ data: 'raw', consistent: true })) as {
      data: { Item?: Record<string, unknown> };
    };
    const item = data.Item;
    if (!item) return null;
    this.sequence += 1n;
    return {
      eventID: `local-${this.sequence}`,
      eventName: 'MODIFY',
      eventSource: 'aws:dynamodb',
      eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${this.table}/stream/local`,
      awsRegion: 'local',
      dynamodb: {
        Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
        NewImage: marshall(item, { removeUndefinedValues: true }) as never,
        SequenceNumber: String(this.sequence),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  }
}
