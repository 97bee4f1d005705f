import type { FastifyInstance } from 'fastify';
import { parseInput as parse } from '../../adapters/http/problem.js';
import type { ProductImageUploads } from '../../domain/catalog/catalog-admin.ports.js';
import type { CatalogAdmin } from '../../domain/catalog/catalog-admin.service.js';
import { auditEntry, type Guard } from '../area.js';
import { CATALOG_ROUTES as ROUTES } from './catalog.route-table.js';
import {
  archiveBody,
  categoryChangesBody,
  categoryParams,
  newCategoryBody,
  newProductBody,
  productChangesBody,
  productId,
  productImageBody,
  productsQuery,
  stockAdjustmentBody,
} from './catalog.schemas.js';

/** The catalog routes: parse, one use case, answer. */
export const catalogRoutes =
  (catalog: CatalogAdmin, images: ProductImageUploads) => (_app: FastifyInstance, guard: Guard) => {
    guard(ROUTES.products, async (request) => {
      const { cursor, limit, ...filter } = parse(productsQuery, request.query, 'query');
      return catalog.list(filter, limit, cursor);
    });

    guard(ROUTES.product, async (request) => catalog.get(parse(productId, request.params, 'path').id));

    guard(ROUTES.createProduct, async (request, reply, admin) => {
      const body = parse(newProductBody, request.body, 'body');
      const view = await catalog.create(body, (entry) => auditEntry(admin, entry));
      return reply.status(201).send(view);
    });

    guard(ROUTES.editProduct, async (request, _reply, admin) => {
      const { id } = parse(productId, request.params, 'path');
      const { revision, ...changes } = parse(productChangesBody, request.body, 'body');
      return catalog.edit(id, revision, changes, (entry) => auditEntry(admin, entry));
    });

    guard(ROUTES.archiveProduct, async (request, _reply, admin) => {
      const { id } = parse(productId, request.params, 'path');
      const { revision } = parse(archiveBody, request.body, 'body');
      return catalog.archive(id, revision, (entry) => auditEntry(admin, entry));
    });

    guard(ROUTES.adjustStock, async (request, _reply, admin) => {
      const { sku, delta, reason } = parse(stockAdjustmentBody, request.body, 'body');
      return catalog.adjustStock(sku, delta, reason, (entry) => auditEntry(admin, entry));
    });

    guard(ROUTES.productImage, async (request) => {
      const { contentType, bytes } = parse(productImageBody, request.body, 'body');
      return images.presign(contentType, bytes);
    });

    guard(ROUTES.categories, async () => ({ items: await catalog.listCategories() }));

    guard(ROUTES.createCategory, async (request, reply, admin) => {
      const body = parse(newCategoryBody, request.body, 'body');
      const category = await catalog.createCategory(body, (entry) => auditEntry(admin, entry));
      return reply.status(201).send(category);
    });

    guard(ROUTES.editCategory, async (request, _reply, admin) => {
      const { id } = parse(categoryParams, request.params, 'path');
      const changes = parse(categoryChangesBody, request.body, 'body');
      return catalog.updateCategory(id, changes, (entry) => auditEntry(admin, entry));
    });
  };
