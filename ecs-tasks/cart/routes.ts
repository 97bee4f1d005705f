import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addItemBody, setQuantityBody, skuParams } from '../../adapters/http/contract/services.schemas.js';
import { parseInput as parse } from '../../adapters/http/problem.js';
import { newId } from '../../domain/shared/ids.js';
import type { Container } from '../chassis/container.js';
import { guestIdFrom, optionalUser, setGuestCookie } from '../chassis/session-cookies.js';

const NO_CART = {
  lines: [],
  subtotal: { amount: 0, currency: 'USD' },
  itemCount: 0,
  version: 0,
  removed: [],
};

/** /api/cart*: a signed-in user's cart, or a guest cart keyed by an HttpOnly cookie. */
export function cartRoutes(container: Container, secureCookies: boolean) {
  async function owner(
    request: FastifyRequest,
    reply: FastifyReply,
    create: boolean,
  ): Promise<string | null> {
    const user = await optionalUser(request, container.users);
    if (user) return user.id;
    const guest = guestIdFrom(request);
    if (guest || !create) return guest;
    const fresh = newId('gst');
    setGuestCookie(reply, fresh, secureCookies);
    return fresh;
  }

  return (app: FastifyInstance) => {
    app.get('/api/cart', async (request, reply) => {
      const id = await owner(request, reply, false);
      return id ? container.carts.view(id) : NO_CART;
    });
    app.post('/api/cart/items', async (request, reply) => {
      const body = parse(addItemBody, request.body, 'body');
      const id = (await owner(request, reply, true))!;
      return reply.status(201).send(await container.carts.add(id, body.sku, body.quantity));
    });
    app.patch('/api/cart/items/:sku', async (request, reply) => {
      const { sku } = parse(skuParams, request.params, 'path');
      const body = parse(setQuantityBody, request.body, 'body');
      return container.carts.setQuantity((await owner(request, reply, true))!, sku, body.quantity);
    });
    app.delete('/api/cart/items/:sku', async (request, reply) => {
      const { sku } = parse(skuParams, request.params, 'path');
      const id = await owner(request, reply, false);
      // No cart: nothing to remove, and the answer is the same (empty) cart a GET shows.
      return id ? container.carts.remove(id, sku) : NO_CART;
    });
  };
}
