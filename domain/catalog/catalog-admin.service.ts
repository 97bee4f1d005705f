import type { AuditEntry } from '../admin/admin.js';
import type { AuditLog } from '../admin/admin.ports.js';
import type { SkuCatalog } from '../cart/cart.ports.js';
import { conflict, type DomainError, type FieldError, invalid, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { applyStock } from './apply-stock.use-case.js';
import type { CatalogRepository } from './catalog.repository.port.js';
import type { CatalogService } from './catalog.service.js';
import type { CatalogLedger, ProductBrowseFilter, ProductBrowser } from './catalog-admin.ports.js';
import type { Page } from './listing.js';
import type { Category, Product } from './product.js';
import {
  archiveProduct,
  createProduct,
  type EditedProduct,
  editProduct,
  type NewProductInput,
  type ProductChanges,
} from './product-editing.js';

/** Builds the audit row of a write for the admin making it. */
export type Audit = (
  entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'before' | 'after' | 'reason'>,
) => AuditEntry;

export interface ProductView {
  product: Product;
  stock: { sku: string; units: number }[];
  revision: string;
}

export interface ProductRow {
  id: string;
  slug: string;
  name: string;
  brand: string;
  categoryId: string;
  status: Product['status'];
  price: Product['price'];
  units: number;
  image: Product['images'][number] | null;
  updatedAt: string;
}

const staleRevision = () =>
  conflict(
    'CATALOG.STALE_REVISION',
    'the product changed since it was read: load it again and redo the edit',
    [{ path: 'body.revision', message: 'not the current revision' }],
  );

/**
 * The operators' catalog: products (create, edit, archive), stock adjustments and categories. Products live in the
 * catalog table and go through CatalogService (cache invalidation, search indexing); their stock lives in the
 * PostgreSQL ledger, and every write leaves an audit row.
 */
export class CatalogAdmin {
  constructor(
    private readonly repository: CatalogRepository & SkuCatalog,
    private readonly catalog: CatalogService,
    private readonly ledger: CatalogLedger,
    private readonly browser: ProductBrowser,
    private readonly auditLog: AuditLog,
    /** The relay projects a stock move too; a failure of the immediate projection is only reported. */
    private readonly onProjectionError: (error: Error) => void = () => {},
    private readonly now = () => new Date().toISOString(),
  ) {}

  async list(filter: ProductBrowseFilter, limit: number, cursor?: string): Promise<Page<ProductRow>> {
    const page = await this.browser.browse(filter, limit, cursor);
    const units = await this.ledger.onHand(page.items.flatMap((p) => p.variants.map((v) => v.sku)));
    return {
      items: page.items.map((p) => ({
        id: p.id,
        slug: p.slug,
        name: p.name,
        brand: p.brand,
        categoryId: p.categoryId,
        status: p.status,
        price: p.price,
        units: p.variants.reduce((total, v) => total + (units.get(v.sku) ?? 0), 0),
        image: p.images[0] ?? null,
        updatedAt: p.updatedAt,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string): Promise<ProductView> {
    const found = await this.repository.getProductForUpdate(id);
    if (!found) throw notFound('CATALOG.PRODUCT_NOT_FOUND', `no product ${id}`);
    const units = await this.ledger.onHand(found.product.variants.map((v) => v.sku));
    return {
      product: found.product,
      stock: found.product.variants.map((v) => ({ sku: v.sku, units: units.get(v.sku) ?? 0 })),
      revision: found.revision ?? '',
    };
  }

  async create(input: NewProductInput, audit: Audit): Promise<ProductView> {
    await this.checkCategory(input.categoryId);
    const edited = createProduct(input, newId('prd'), this.now());
    await this.write(edited, `catalog-slug:${input.slug}`, async () => {
      if (await this.repository.getProductBySlug(input.slug))
        throw conflict('CATALOG.SLUG_TAKEN', `the slug ${input.slug} is taken`, [
          { path: 'body.slug', message: `${input.slug} is taken` },
        ]);
      await this.catalog.saveProducts([edited.product]);
      return audit({
        action: 'product.create',
        targetType: 'product',
        targetId: edited.product.id,
        before: null,
        after: edited.product,
      });
    });
    return this.get(edited.product.id);
  }

  async edit(id: string, revision: string, changes: ProductChanges, audit: Audit): Promise<ProductView> {
    if (changes.categoryId) await this.checkCategory(changes.categoryId);
    return this.update(
      id,
      revision,
      'product.update',
      (current) => editProduct(current, changes, this.now()),
      audit,
    );
  }

  async archive(id: string, revision: string, audit: Audit): Promise<ProductView> {
    return this.update(
      id,
      revision,
      'product.archive',
      (current) => ({ product: archiveProduct(current, this.now()), openingStock: [] }),
      audit,
    );
  }

  async adjustStock(sku: string, delta: number, reason: string, audit: Audit) {
    const outcome = await this.ledger.adjust(sku, delta, (before, after) =>
      audit({
        action: 'stock.adjust',
        targetType: 'sku',
        targetId: sku,
        before: { units: before },
        after: { units: after },
        reason,
      }),
    );
    if (outcome.kind === 'unknown_sku')
      throw notFound('STOCK.UNKNOWN_SKU', `the stock ledger has no SKU ${sku}`);
    if (outcome.kind === 'below_zero')
      throw conflict('STOCK.BELOW_ZERO', `${sku} has ${outcome.units} units: it cannot move by ${delta}`, [
        { path: 'body.delta', message: `at least -${outcome.units}` },
      ]);
    // The outbox carries the move to the catalog too; doing it now shows it to shoppers without the relay's wait.
    await applyStock([sku], this.ledger, this.repository, this.catalog).catch((error: Error) =>
      this.onProjectionError(error),
    );
    return { sku, units: outcome.units };
  }

  listCategories(): Promise<Category[]> {
    return this.repository.listCategories();
  }

  async createCategory(input: Omit<Category, 'id'>, audit: Audit): Promise<Category> {
    if ((await this.repository.listCategories()).some((c) => c.slug === input.slug))
      throw conflict('CATALOG.CATEGORY_SLUG_TAKEN', `the category slug ${input.slug} is taken`, [
        { path: 'body.slug', message: `${input.slug} is taken` },
      ]);
    const category = { id: newId('cat'), ...input };
    await this.catalog.saveCategories([category]);
    await this.auditLog.record(
      audit({
        action: 'category.create',
        targetType: 'category',
        targetId: category.id,
        before: null,
        after: category,
      }),
    );
    return category;
  }

  async updateCategory(id: string, changes: Partial<Pick<Category, 'name' | 'description'>>, audit: Audit) {
    const before = (await this.repository.listCategories()).find((c) => c.id === id);
    if (!before) throw notFound('CATALOG.CATEGORY_NOT_FOUND', `no category ${id}`);
    const after = { ...before, ...changes };
    await this.catalog.saveCategories([after]);
    await this.auditLog.record(
      audit({ action: 'category.update', targetType: 'category', targetId: id, before, after }),
    );
    return after;
  }

  private async update(
    id: string,
    revision: string,
    action: string,
    change: (current: Product) => EditedProduct,
    audit: Audit,
  ): Promise<ProductView> {
    const current = await this.repository.getProductForUpdate(id);
    if (!current) throw notFound('CATALOG.PRODUCT_NOT_FOUND', `no product ${id}`);
    if ((current.revision ?? '') !== revision) throw staleRevision();
    const edited = change(current.product);
    await this.write(edited, undefined, async () => {
      if ((await this.catalog.saveProductIfUnchanged(edited.product, current.revision)) === 'conflict')
        throw staleRevision();
      return audit({
        action,
        targetType: 'product',
        targetId: id,
        before: current.product,
        after: edited.product,
      });
    });
    return this.get(id);
  }

  /** The catalog write inside the ledger's transaction; a SKU anyone has (ledger or catalog) is a 409 naming it. */
  private async write(edited: EditedProduct, lockKey: string | undefined, save: () => Promise<AuditEntry>) {
    const skus = edited.openingStock.map((line) => line.sku);
    const outcome = await this.ledger.catalogWrite(
      edited.openingStock,
      async () => {
        const known = await this.repository.getSkus(skus);
        if (known.size > 0) throw this.skusTaken(edited.product, [...known.keys()]);
        return { value: null, audit: await save() };
      },
      lockKey,
    );
    if (outcome.kind === 'sku_taken') throw this.skusTaken(edited.product, outcome.skus);
  }

  private skusTaken(product: Product, skus: string[]): DomainError {
    const fields: FieldError[] = product.variants.flatMap((v, i) =>
      skus.includes(v.sku) ? [{ path: `body.variants.${i}.sku`, message: `${v.sku} is taken` }] : [],
    );
    return conflict('CATALOG.SKU_TAKEN', `SKU ${skus.join(', ')} already belongs to a product`, fields);
  }

  private async checkCategory(categoryId: string) {
    if (!(await this.repository.listCategories()).some((c) => c.id === categoryId))
      throw invalid('CATALOG.UNKNOWN_CATEGORY', `no category ${categoryId}`, [
        { path: 'body.categoryId', message: 'not a category of this catalog' },
      ]);
  }
}
