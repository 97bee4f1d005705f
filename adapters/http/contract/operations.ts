import * as z from 'zod/mini';
import { MAX_QUANTITY } from '../../../domain/cart/cart.js';
import { MAX_SAVED_ADDRESSES } from '../../../domain/orders/address-book.js';
import type { Operation } from '../openapi.js';
import {
  categoryListSchema,
  listProductsQuery,
  productPageSchema,
  productPath,
  productSchema,
} from './catalog.schemas.js';
import {
  addressListResponse,
  addressParams,
  checkoutBody,
  orderListResponse,
  orderResponse,
  quoteQuery,
  quoteResponse,
  savedAddressResponse,
  shippingAddressBody,
} from './checkout.schemas.js';
import { shopperEventsBody, shopperEventsResponse } from './events.schemas.js';
import { searchQuery, searchResponse, suggestQuery, suggestResponse } from './search.schemas.js';
import {
  addItemBody,
  cartResponse,
  checkoutHeaders,
  loginBody,
  orderParams,
  registerBody,
  setQuantityBody,
  skuParams,
  userResponse,
} from './services.schemas.js';

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
      404: { description: 'No such category' },
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
      404: { description: 'No such product, or it is not for sale (draft or archived)' },
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
      201: {
        description:
          'Registered; an address that already has an account gets the same answer, so it tells no one who has one',
        schema: userResponse,
      },
      429: { description: 'Too many registrations from this address; see Retry-After' },
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
    session: 'optional',
    responses: { 204: { description: 'Signed out' } },
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user',
    tag: 'users',
    session: 'required',
    responses: { 200: { description: 'The user', schema: userResponse } },
  },
  {
    method: 'get',
    path: '/api/addresses',
    summary: 'Your saved shipping addresses, newest first',
    tag: 'users',
    session: 'required',
    responses: { 200: { description: 'Saved addresses', schema: addressListResponse } },
  },
  {
    method: 'post',
    path: '/api/addresses',
    summary: `Save a shipping address (at most ${MAX_SAVED_ADDRESSES})`,
    tag: 'users',
    body: shippingAddressBody,
    session: 'required',
    responses: {
      201: {
        description: 'Saved (fields trimmed, blank optional lines left out)',
        schema: savedAddressResponse,
      },
      409: { description: `You already keep ${MAX_SAVED_ADDRESSES} addresses: delete one first` },
    },
  },
  {
    method: 'delete',
    path: '/api/addresses/{id}',
    summary: "Delete one of your saved addresses (anyone else's is a 404)",
    tag: 'users',
    params: addressParams,
    session: 'required',
    responses: {
      204: { description: 'Deleted (orders keep the address they were shipped to)' },
      404: { description: 'No such address of yours' },
    },
  },
  {
    method: 'get',
    path: '/api/cart',
    summary: "The user's or guest's cart with current prices",
    tag: 'cart',
    session: 'optional',
    responses: { 200: { description: 'The cart (empty when there is none)', schema: cartResponse } },
  },
  {
    method: 'post',
    path: '/api/cart/items',
    summary: `Add a SKU (quantity 1..${MAX_QUANTITY} per line)`,
    tag: 'cart',
    body: addItemBody,
    session: 'optional',
    responses: {
      201: { description: 'The cart (a guest gets a cart cookie)', schema: cartResponse },
      409: { description: 'The cart is being changed elsewhere; reload it and retry' },
      422: { description: 'SKU not for sale, or a quantity or line limit reached' },
    },
  },
  {
    method: 'patch',
    path: '/api/cart/items/{sku}',
    summary: "Set a line's quantity",
    tag: 'cart',
    params: skuParams,
    body: setQuantityBody,
    session: 'optional',
    responses: {
      200: { description: 'The cart', schema: cartResponse },
      409: { description: 'The cart is being changed elsewhere; reload it and retry' },
      422: { description: 'SKU not for sale, or the line limit reached' },
    },
  },
  {
    method: 'delete',
    path: '/api/cart/items/{sku}',
    summary: 'Remove a line (no such line: the cart unchanged)',
    tag: 'cart',
    params: skuParams,
    session: 'optional',
    responses: {
      200: { description: 'The cart (empty when there is none)', schema: cartResponse },
      409: { description: 'The cart is being changed elsewhere; reload it and retry' },
    },
  },
  {
    method: 'post',
    path: '/api/checkout',
    summary: 'Order the cart, exactly once per Idempotency-Key',
    tag: 'orders',
    body: checkoutBody,
    headers: checkoutHeaders,
    session: 'required',
    responses: {
      201: { description: 'Confirmed order', schema: orderResponse },
      202: { description: 'Payment still undecided; the order is PENDING', schema: orderResponse },
      402: { description: 'Payment declined; stock returned, cart kept' },
      404: { description: 'addressId is not one of your saved addresses' },
      409: { description: 'Out of stock (the SKUs are named); nothing taken' },
      422: {
        description:
          'Empty cart, a SKU no longer for sale, the key was used for another request (another card, method or ' +
          'address), or not exactly one of shippingAddress and addressId',
      },
    },
  },
  {
    method: 'post',
    path: '/api/events',
    summary: 'Report product views and adds to cart (anonymous; the funnel in the admin counts them)',
    tag: 'orders',
    body: shopperEventsBody,
    responses: {
      202: { description: 'Stored, every event of the batch', schema: shopperEventsResponse },
      429: { description: 'Too many batches from this address; see Retry-After' },
    },
  },
  {
    method: 'get',
    path: '/api/checkout/quote',
    summary: 'What checking out your cart would cost: subtotal, shipping, tax and total',
    tag: 'orders',
    query: quoteQuery,
    session: 'required',
    responses: {
      200: { description: 'The quote, priced as the checkout prices it', schema: quoteResponse },
      404: { description: 'addressId is not one of your saved addresses' },
      422: {
        description: 'Empty cart, a SKU no longer for sale, or not exactly one of country and addressId',
      },
    },
  },
  {
    method: 'get',
    path: '/api/orders',
    summary: "The signed-in user's orders, newest first",
    tag: 'orders',
    session: 'required',
    responses: { 200: { description: 'Orders', schema: orderListResponse } },
  },
  {
    method: 'get',
    path: '/api/orders/{id}',
    summary: "One of your orders (anyone else's is a 404)",
    tag: 'orders',
    params: orderParams,
    session: 'required',
    responses: {
      200: { description: 'The order', schema: orderResponse },
      404: { description: 'No such order of yours' },
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'meta',
    responses: {
      200: {
        description: 'OpenAPI 3.1',
        schema: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
      },
      304: { description: 'Not modified' },
    },
  },
  {
    method: 'get',
    path: '/api/search',
    summary: 'Search products: typo-tolerant text, filters, facets, highlights',
    tag: 'search',
    query: searchQuery,
    notAbove: [['minPrice', 'maxPrice']],
    responses: {
      200: { description: 'A page of results, the total and facet counts', schema: searchResponse },
      404: { description: 'No such category' },
      503: { description: 'Search is unavailable right now; see Retry-After' },
    },
  },
  {
    method: 'get',
    path: '/api/search/suggest',
    summary: 'Completions for what the shopper has typed so far',
    tag: 'search',
    query: suggestQuery,
    responses: {
      200: { description: 'Suggestions, best first', schema: suggestResponse },
      503: { description: 'Search is unavailable right now; see Retry-After' },
    },
  },
];
