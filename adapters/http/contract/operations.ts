import type { Operation } from '../openapi.js';
import {
  categoryListSchema,
  listProductsQuery,
  productPageSchema,
  productPath,
  productSchema,
} from './catalog.schemas.js';
import {
  addItemBody,
  cartResponse,
  checkoutBody,
  loginBody,
  orderListResponse,
  orderParams,
  orderResponse,
  registerBody,
  setQuantityBody,
  skuParams,
  userResponse,
} from './services.schemas.js';

const session = { 401: { description: 'No valid session: log in first' } };

export const shopOperations: Operation[] = [
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
  {
    method: 'post',
    path: '/api/auth/register',
    summary: 'Create an account and start a session (HttpOnly cookie)',
    tag: 'users',
    body: registerBody,
    responses: {
      201: { description: 'Registered and signed in', schema: userResponse },
      409: { description: 'Email taken' },
    },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Start a session; a guest cart joins the account',
    tag: 'users',
    body: loginBody,
    responses: {
      200: { description: 'Signed in', schema: userResponse },
      401: { description: 'Email or password is wrong (one answer for both)' },
      429: { description: 'Too many attempts; see Retry-After' },
    },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End the session',
    tag: 'users',
    responses: { 204: { description: 'Signed out' } },
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user',
    tag: 'users',
    responses: { 200: { description: 'The user', schema: userResponse }, ...session },
  },
  {
    method: 'get',
    path: '/api/cart',
    summary: "The user's or guest's cart with current prices",
    tag: 'cart',
    responses: { 200: { description: 'The cart', schema: cartResponse } },
  },
  {
    method: 'post',
    path: '/api/cart/items',
    summary: 'Add a SKU (quantity 1..99 per line)',
    tag: 'cart',
    body: addItemBody,
    responses: {
      201: { description: 'The cart', schema: cartResponse },
      422: { description: 'SKU not for sale or limit reached' },
    },
  },
  {
    method: 'patch',
    path: '/api/cart/items/{sku}',
    summary: "Set a line's quantity",
    tag: 'cart',
    params: skuParams,
    body: setQuantityBody,
    responses: { 200: { description: 'The cart', schema: cartResponse } },
  },
  {
    method: 'delete',
    path: '/api/cart/items/{sku}',
    summary: 'Remove a line',
    tag: 'cart',
    params: skuParams,
    responses: { 200: { description: 'The cart', schema: cartResponse } },
  },
  {
    method: 'post',
    path: '/api/checkout',
    summary: 'Order the cart, exactly once per Idempotency-Key',
    tag: 'orders',
    body: checkoutBody,
    headers: {
      'Idempotency-Key':
        'Unique per intended order (e.g. a UUID); a retry with the same key returns the first answer',
    },
    responses: {
      201: { description: 'Confirmed order', schema: orderResponse },
      202: { description: 'Payment still undecided; the order is PENDING', schema: orderResponse },
      402: { description: 'Payment declined; stock returned, cart kept' },
      409: { description: 'Out of stock (the SKUs are named); nothing taken' },
      422: { description: 'Empty cart, or the key was used for another request' },
      ...session,
    },
  },
  {
    method: 'get',
    path: '/api/orders',
    summary: "The signed-in user's orders, newest first",
    tag: 'orders',
    responses: { 200: { description: 'Orders', schema: orderListResponse }, ...session },
  },
  {
    method: 'get',
    path: '/api/orders/{id}',
    summary: "One of your orders (anyone else's is a 404)",
    tag: 'orders',
    params: orderParams,
    responses: { 200: { description: 'The order', schema: orderResponse }, ...session },
  },
];
