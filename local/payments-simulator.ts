import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type Charge, type RefundMovement, TestCardGateway } from '../adapters/payments/test-card.gateway.js';
import type { PaymentGateway, PaymentOutcome, RefundOutcome } from '../domain/orders/orders.ports.js';
import { type Currency, isCurrency, type Money } from '../domain/shared/money.js';
import { listenOn } from './processes.js';

export type { Charge, RefundMovement };

/**
 * What the network does with the next refund requests a test marked: `unavailable` answers 503 and moves no money;
 * `lose-answer` pays the refund and then drops the connection, so the caller cannot know it went through.
 */
export type RefundFault = 'unavailable' | 'lose-answer';

/** What the card network does with an authorization request a test held. */
export type HeldFate =
  /** It goes through as if never held: a good card is charged, whether or not the caller is still listening. */
  | 'process'
  /** It is lost: no money moves, a later lookup says `unknown`; a caller still listening sees its connection reset. */
  | 'lose';

/** One authorization request the simulator is holding: received, not yet processed, not yet answered. */
export interface HeldAuthorization {
  readonly key: string;
  readonly amount: Money;
  readonly token: string;
  /** True while the caller still waits on its connection. */
  readonly callerConnected: boolean;
  /** Resolves when the caller's connection is gone (its process died, or it gave up). */
  readonly callerGone: Promise<void>;
  /** True once `release` was called. */
  readonly released: boolean;
  /** Decides the request's fate; resolves with what the network did (null when it was lost). */
  release(fate: HeldFate): Promise<PaymentOutcome | null>;
}

export interface AuthorizationHold {
  /** Resolves once `n` requests are held, in arrival order. */
  readonly held: Promise<HeldAuthorization[]>;
  /** Holds no more requests, and gives the requests still held (not yet released) `fate` (default: lost). */
  cancel(fate?: HeldFate): void;
}

/** An authorization request as the network receives it. */
export interface AuthorizationRequest {
  idempotencyKey: string;
  amount: Money;
  token: string;
}

/**
 * The card network of the local shop, as one object: the test cards, a ledger of every charge made (key, amount,
 * token, time; appended when the money moves), a count of every authorization request received per key (before
 * any idempotency memo), the requests open right now, and a hook that holds the next requests until a test decides
 * what the network did with them.
 */
export class PaymentsSimulator implements PaymentGateway {
  readonly name = 'test-cards';
  private readonly cards = new TestCardGateway();
  /** Every authorization request received, per idempotency key, retries and duplicates included. */
  readonly requests = new Map<string, number>();
  private readonly open = new Set<{ key: string }>();
  private hold: { add(request: HeldRequest): void } | null = null;
  /** Every refund request received, per refund key, retries included. */
  readonly refundRequests = new Map<string, number>();
  /** The request id and trace context each authorization key's last request came with (what a provider would log). */
  readonly callers = new Map<string, { requestId?: string; traceparent?: string }>();
  private readonly refundFaults: RefundFault[] = [];

  /** Every charge, in the order the money moved. */
  get ledger(): readonly Charge[] {
    return this.cards.ledger;
  }

  /** Every refund paid out, in the order the money moved. */
  get refunds(): readonly RefundMovement[] {
    return this.cards.refunds;
  }

  /** Charges per key (the ledger counted by key). */
  get charges(): ReadonlyMap<string, number> {
    return this.cards.charges;
  }

  /** Keys of the authorization requests received and not yet answered whose caller is still connected. */
  inFlight(): string[] {
    return [...this.open].map((request) => request.key);
  }

  /**
   * Holds the next `n` authorization requests before the network processes them, so that a test can kill the caller
   * while its payment is in flight and then decide what the network did with it. A held request is neither charged
   * nor answered until `release`. One hold at a time.
   */
  holdNextAuthorizations(n: number): AuthorizationHold {
    if (this.hold) throw new Error('a hold is already active');
    if (!Number.isInteger(n) || n < 1) throw new Error(`hold at least one request, got ${n}`);
    const held: HeldRequest[] = [];
    let resolveHeld!: (requests: HeldAuthorization[]) => void;
    const all = new Promise<HeldAuthorization[]>((resolve) => {
      resolveHeld = resolve;
    });
    const hold = {
      add: (request: HeldRequest) => {
        held.push(request);
        if (held.length === n) {
          this.hold = null;
          resolveHeld(held);
        }
      },
    };
    this.hold = hold;
    return {
      held: all,
      cancel: (fate = 'lose') => {
        if (this.hold === hold) this.hold = null;
        for (const request of held) if (!request.released) void request.release(fate);
      },
    };
  }

  /** The next refund requests (one per fault, in order) meet these faults instead of a plain answer. */
  failNextRefunds(...faults: RefundFault[]): void {
    this.refundFaults.push(...faults);
  }

  /** A refund request from a caller over the network: counted, then failed if a test asked for it, else processed. */
  async receiveRefund(request: {
    idempotencyKey: string;
    paymentKey: string;
    amount: Money;
  }): Promise<RefundOutcome | 'unavailable' | 'lost'> {
    const key = request.idempotencyKey;
    this.refundRequests.set(key, (this.refundRequests.get(key) ?? 0) + 1);
    const fault = this.refundFaults.shift();
    if (fault === 'unavailable') return 'unavailable';
    const outcome = await this.cards.refund(request);
    return fault === 'lose-answer' ? 'lost' : outcome;
  }

  refund(request: { idempotencyKey: string; paymentKey: string; amount: Money }): Promise<RefundOutcome> {
    return this.cards.refund(request);
  }

  /** In process, without counting or holding: what the card network does with a request. */
  authorize(request: AuthorizationRequest, signal: AbortSignal): Promise<PaymentOutcome> {
    return this.cards.authorize(request, signal);
  }

  lookup(idempotencyKey: string): Promise<PaymentOutcome> {
    return this.cards.lookup(idempotencyKey);
  }

  cancel(idempotencyKey: string): Promise<PaymentOutcome> {
    return this.cards.cancel(idempotencyKey);
  }

  /**
   * An authorization request from a caller over the network: counted, held if a test asked for it, then processed.
   * `callerGone` resolves (and `signal` aborts) when the caller's connection closes before its answer.
   */
  async receive(
    request: AuthorizationRequest,
    caller: { gone: Promise<void>; signal: AbortSignal },
  ): Promise<PaymentOutcome | 'lost'> {
    const key = request.idempotencyKey;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const open = { key };
    this.open.add(open);
    void caller.gone.then(() => this.open.delete(open));
    try {
      if (!this.hold) return await this.cards.authorize(request, caller.signal);
      const held = new HeldRequest(request, caller.gone);
      this.hold.add(held);
      if ((await held.decided) === 'lose') {
        held.settle(null);
        return 'lost';
      }
      // The network goes ahead whether or not anyone is still listening: that is what the hold is for.
      const outcome = await this.cards.authorize(request, new AbortController().signal);
      held.settle(outcome);
      return outcome;
    } finally {
      this.open.delete(open);
    }
  }
}

class HeldRequest implements HeldAuthorization {
  readonly key: string;
  readonly amount: Money;
  readonly token: string;
  readonly decided: Promise<HeldFate>;
  private decide!: (fate: HeldFate) => void;
  private readonly result: Promise<PaymentOutcome | null>;
  private done!: (outcome: PaymentOutcome | null) => void;
  private gone = false;
  private settled = false;

  constructor(
    request: AuthorizationRequest,
    readonly callerGone: Promise<void>,
  ) {
    this.key = request.idempotencyKey;
    this.amount = request.amount;
    this.token = request.token;
    this.decided = new Promise((resolve) => {
      this.decide = resolve;
    });
    this.result = new Promise((resolve) => {
      this.done = resolve;
    });
    void callerGone.then(() => {
      this.gone = true;
    });
  }

  get callerConnected(): boolean {
    return !this.gone;
  }

  get released(): boolean {
    return this.settled;
  }

  release(fate: HeldFate): Promise<PaymentOutcome | null> {
    if (this.settled) throw new Error(`the request for ${this.key} was already released`);
    this.settled = true;
    this.decide(fate);
    return this.result;
  }

  settle(outcome: PaymentOutcome | null): void {
    this.done(outcome);
  }
}

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
};

const moneyOf = (value: unknown): Money | null => {
  const candidate = value as { amount?: unknown; currency?: unknown } | null;
  if (!candidate || !Number.isSafeInteger(candidate.amount) || typeof candidate.currency !== 'string')
    return null;
  return isCurrency(candidate.currency)
    ? { amount: candidate.amount as number, currency: candidate.currency as Currency }
    : null;
};

/** The card network of the local shop: the test provider over HTTP, so it outlives a crashed orders task. */
export function startPaymentsSimulator(
  port: number,
): Promise<{ server: Server; gateway: PaymentsSimulator }> {
  const gateway = new PaymentsSimulator();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://payments');
    const reply = (status: number, body: unknown) => {
      if (response.destroyed || response.writableEnded) return;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const caller = new AbortController();
    const gone = new Promise<void>((resolve) =>
      response.once('close', () => {
        if (response.writableFinished) return;
        caller.abort(new Error('the caller went away'));
        resolve();
      }),
    );
    try {
      if (request.method === 'POST' && url.pathname === '/authorizations') {
        const body = await readBody(request);
        const key = String(request.headers['idempotency-key'] ?? '');
        if (!key) return reply(400, { error: 'Idempotency-Key required' });
        gateway.callers.set(key, {
          requestId: request.headers['x-request-id'] as string | undefined,
          traceparent: request.headers.traceparent as string | undefined,
        });
        const amount = moneyOf(body.amount);
        if (!amount) return reply(400, { error: 'amount must be {amount: integer minor units, currency}' });
        const outcome = await gateway.receive(
          { idempotencyKey: key, amount, token: String(body.token) },
          { gone, signal: caller.signal },
        );
        if (outcome === 'lost') request.socket.destroy();
        else reply(200, outcome);
        return;
      }
      if (request.method === 'POST' && url.pathname === '/refunds') {
        const body = await readBody(request);
        const key = String(request.headers['idempotency-key'] ?? '');
        const amount = moneyOf(body.amount);
        if (!key || typeof body.paymentKey !== 'string' || !amount)
          return reply(400, { error: 'Idempotency-Key, paymentKey and amount required' });
        const outcome = await gateway.receiveRefund({
          idempotencyKey: key,
          paymentKey: body.paymentKey,
          amount,
        });
        if (outcome === 'lost') request.socket.destroy();
        else if (outcome === 'unavailable') reply(503, { error: 'try again later' });
        else reply(200, outcome);
        return;
      }
      const cancel = /^\/authorizations\/([^/]+)\/cancel$/.exec(url.pathname);
      if (request.method === 'POST' && cancel) {
        return reply(200, await gateway.cancel(decodeURIComponent(cancel[1]!)));
      }
      if (request.method === 'GET' && url.pathname.startsWith('/authorizations/')) {
        return reply(
          200,
          await gateway.lookup(decodeURIComponent(url.pathname.slice('/authorizations/'.length))),
        );
      }
      if (url.pathname === '/health') return reply(200, { status: 'ok' });
      reply(404, { error: 'not found' });
    } catch {
      reply(400, { error: 'bad request' });
    }
  });
  return listenOn(server, port).then(() => ({ server, gateway }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 3190);
  await startPaymentsSimulator(port);
  console.log(`payments simulator on http://127.0.0.1:${port}`);
}
