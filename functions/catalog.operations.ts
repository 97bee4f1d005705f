import type { Operation } from '../adapters/http/openapi.js';
import {
  categoryListSchema,
  listProductsQuery,
  productPageSchema,
  productPath,
  productSchema,
} from './catalog.schemas.js';

export const catalogOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/products',
    summary: 'List active products, one page at a time',
    tag: 'catalog',
    query: listProductsQuery,
    responses: {
      200: { description: 'A page of products', schema: productPageSchema },
      304: { description: 'Not modified' },
    },
  },
  {
    method: 'get',
    path: '/api/products/{idOrSlug}',
    summary: 'One product with its SKUs',
    tag: 'catalog',
    params: productPath,
    responses: {
      200: { description: 'The product', schema: productSchema },
      304: { description: 'Not modified' },
    },
  },
  {
    method: 'get',
    path: '/api/categories',
    summary: 'All categories, by name',
    tag: 'catalog',
    responses: { 200: { description: 'Categories', schema: categoryListSchema } },
  },
];
