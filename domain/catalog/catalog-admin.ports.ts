import type { AuditEntry } from '../admin/admin.js';
import type { StockCounts } from './apply-stock.use-case.js';
import type { Page } from './listing.js';
import type { Product, ProductStatus } from './product.js';

/** What the admin's product list filters on; `q` matches name, slug or SKU, ignoring case. */
export interface ProductBrowseFilter {
  q?: string;
  status?: ProductStatus;
  categoryId?: string;
}

/** Every product, any status, for operators (the storefront's listings hold only active ones). */
export interface ProductBrowser {
  /** A page may hold fewer than `limit` items and still have a next cursor: each call reads a bounded slice. */
  browse(filter: ProductBrowseFilter, limit: number, cursor?: string): Promise<Page<Product>>;
}

export type CatalogWriteOutcome<T> = { kind: 'written'; value: T } | { kind: 'sku_taken'; skus: string[] };

export type StockAdjustmentOutcome =
  | { kind: 'adjusted'; units: number }
  | { kind: 'unknown_sku' }
  | { kind: 'below_zero'; units: number };

/**
 * The stock ledger seen from the catalog's operators. A catalog write (in DynamoDB) runs inside one ledger
 * transaction that also opens its new SKUs' stock and records its audit row: a SKU the ledger already holds stops it
 * before anything is written, and a failed catalog write leaves no stock line and no audit row behind.
 */
export interface CatalogLedger extends StockCounts {
  catalogWrite<T>(
    openingStock: readonly { sku: string; onHand: number }[],
    write: () => Promise<{ value: T; audit: AuditEntry }>,
    /** Writers holding the same key (a slug) run one after the other. */
    lockKey?: string,
  ): Promise<CatalogWriteOutcome<T>>;
  /** Moves a SKU's stock by `delta`, never below zero; the movement, its event and the audit row commit together. */
  adjust(
    sku: string,
    delta: number,
    audit: (before: number, after: number) => AuditEntry,
  ): Promise<StockAdjustmentOutcome>;
}

export const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Where the browser sends an image's bytes, and the address the storefront then shows it from. */
export interface ImageUpload {
  uploadUrl: string;
  method: 'PUT';
  /** Sent exactly so with the upload: they are part of its signature. */
  headers: Record<string, string>;
  url: string;
}

export interface ProductImageUploads {
  presign(contentType: ImageType, bytes: number): Promise<ImageUpload>;
}
