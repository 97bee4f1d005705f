import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addressParams, shippingAddressBody } from '../../adapters/http/contract/checkout.schemas.js';
import { loginBody, registerBody } from '../../adapters/http/contract/services.schemas.js';
import { parseInput as parse } from '../../adapters/http/problem.js';
import type { Container } from '../chassis/container.js';
import {
  clearCookie,
  GUEST_CART_COOKIE,
  guestIdFrom,
  requireUser,
  SESSION_COOKIE,
  setSessionCookie,
} from '../chassis/session-cookies.js';

/**
 * /api/auth/*, /api/me and /api/addresses*. Sessions live in an HttpOnly, SameSite=Lax cookie; a guest cart joins the
 * account at login. Saved addresses are only ever the signed-in user's: anyone else's is a 404.
 */
export function usersRoutes(container: Container, secureCookies: boolean) {
  return (app: FastifyInstance) => {
    app.post('/api/auth/register', async (request, reply) => {
      const body = parse(registerBody, request.body, 'body');
      const session = await container.users.register({ ...body, ip: request.ip });
      setSessionCookie(reply, session.token, session.expiresAt, secureCookies);
      await adoptGuestCart(request, reply, session.user.id);
      return reply.status(201).send({ user: session.user });
    });

    app.post('/api/auth/login', async (request, reply) => {
      const body = parse(loginBody, request.body, 'body');
      const session = await container.users.login({ ...body, ip: request.ip });
      setSessionCookie(reply, session.token, session.expiresAt, secureCookies);
      await adoptGuestCart(request, reply, session.user.id);
      return { user: session.user };
    });

    app.post('/api/auth/logout', async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await container.users.logout(token);
      clearCookie(reply, SESSION_COOKIE, secureCookies);
      return reply.status(204).send();
    });

    app.get('/api/me', async (request) => ({ user: await requireUser(request, container.users) }));

    app.get('/api/addresses', async (request, reply) => {
      const user = await requireUser(request, container.users);
      return reply
        .header('cache-control', 'no-store')
        .send({ items: await container.addresses.list(user.id) });
    });

    app.post('/api/addresses', async (request, reply) => {
      const user = await requireUser(request, container.users);
      const body = parse(shippingAddressBody, request.body, 'body');
      return reply.status(201).send(await container.addresses.add(user.id, body));
    });

    app.delete('/api/addresses/:id', async (request, reply) => {
      const user = await requireUser(request, container.users);
      const { id } = parse(addressParams, request.params, 'path');
      await container.addresses.remove(user.id, id);
      return reply.status(204).send();
    });
  };

  async function adoptGuestCart(request: FastifyRequest, reply: FastifyReply, userId: string) {
    const guestId = guestIdFrom(request);
    if (!guestId) return;
    await container.carts.merge(guestId, userId);
    clearCookie(reply, GUEST_CART_COOKIE, secureCookies);
  }
}
