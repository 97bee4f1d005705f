import type { FastifyReply, FastifyRequest } from 'fastify';
import { identifyUser } from '../../adapters/logs/request-context.js';
import { DomainError } from '../../domain/shared/errors.js';
import type { User } from '../../domain/users/user.js';
import type { UsersService } from '../../domain/users/users.service.js';

export const SESSION_COOKIE = 'session';
export const GUEST_CART_COOKIE = 'guest_cart';

const base = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure });

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, { ...base(secure), expires: new Date(expiresAt) });
}

export function clearCookie(reply: FastifyReply, name: string, secure: boolean) {
  reply.clearCookie(name, base(secure));
}

export function setGuestCookie(reply: FastifyReply, guestId: string, secure: boolean) {
  reply.setCookie(GUEST_CART_COOKIE, guestId, { ...base(secure), maxAge: 30 * 86_400 });
}

function noteUser(user: User): User {
  identifyUser(user.id);
  return user;
}

/** The signed-in user, or a 401 problem. */
export const requireUser = async (request: FastifyRequest, users: UsersService): Promise<User> =>
  noteUser(await users.authenticate(request.cookies[SESSION_COOKIE]));

/**
 * The signed-in user, or null when there is no valid session (guests may shop). Only a session that is missing or
 * ended makes a guest: when sessions cannot be read (the database is down) the request fails with that error, or a
 * signed-in shopper would see an empty cart and add to a new guest cart instead of their own.
 */
export async function optionalUser(request: FastifyRequest, users: UsersService): Promise<User | null> {
  if (!request.cookies[SESSION_COOKIE]) return null;
  return users
    .authenticate(request.cookies[SESSION_COOKIE])
    .then(noteUser)
    .catch((error: unknown) => {
      if (error instanceof DomainError && error.kind === 'unauthorized') return null;
      throw error;
    });
}

const GUEST_ID = /^gst_[0-9A-HJKMNP-TV-Z]{26}$/;
export const guestIdFrom = (request: FastifyRequest): string | null => {
  const value = request.cookies[GUEST_CART_COOKIE];
  return value && GUEST_ID.test(value) ? value : null;
};
