import type pg from 'pg';
import { DomainError } from '../../domain/shared/errors.js';

/** SQLSTATEs of a server that is going away or not there yet (class 08: connection; 57P01-03: shutdown, start-up). */
const GONE_STATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
const GONE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const GONE_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect/;

/** True when `error` says the server cannot be reached right now, not that the statement was wrong. */
export function isDatabaseGone(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    (code !== undefined && (GONE_STATES.has(code) || GONE_CODES.has(code))) ||
    GONE_MESSAGES.test(message ?? '')
  );
}

/** The shopper's 503; the driver's error stays as its cause, for the logs and for command-line tools. */
const unavailable = (cause: unknown) =>
  Object.assign(
    new DomainError(
      'DATABASE.UNAVAILABLE',
      'unavailable',
      'the shop cannot reach its database right now; try again in a moment',
      [],
      1,
    ),
    { cause },
  );

/**
 * A pool whose connection failures (a restart, a failover, a crash) reach callers as a 503 with Retry-After, which a
 * client may retry (checkout with the same Idempotency-Key), instead of a 500; every other error passes unchanged.
 */
export function reportDatabaseGoneAsUnavailable(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool);
  const translate = (error: unknown) => {
    throw isDatabaseGone(error) ? unavailable(error) : error;
  };
  pool.connect = (async () => {
    const client = await connect().catch(translate);
    if (!(client as { unavailableReported?: true }).unavailableReported) {
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      client.query = ((...args: unknown[]) =>
        typeof args[args.length - 1] === 'function'
          ? query(...args)
          : query(...args).catch(translate)) as typeof client.query;
      (client as { unavailableReported?: true }).unavailableReported = true;
    }
    return client;
  }) as typeof pool.connect;
  return pool;
}
