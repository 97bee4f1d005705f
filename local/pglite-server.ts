import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite over the PostgreSQL wire protocol for several processes at once.
 *
 * PGlite is one PostgreSQL session. Sharing it safely means one client at a time owns it, from its first message
 * until the session is back at a sync point with no transaction open (ReadyForQuery 'I'): a whole
 * Parse/Bind/Execute/Sync batch and a whole transaction run without anyone else's messages in between. (The
 * upstream pglite-socket hands the session over between single messages, so one client's Bind could meet another
 * client's Parse: queries ran with another request's parameters.) Ownership is PGlite's own `runExclusive`, so
 * in-process users of the same PGlite queue fairly with the socket clients.
 */
export interface PgliteServerOptions {
  port: number;
  host?: string;
  maxConnections?: number;
  /** A client that holds the session inside a transaction and says nothing for this long is disconnected. */
  idleInTransactionMs?: number;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

/** A simple-protocol Query message. */
function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51; // 'Q'
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** A protocol 3.0 StartupMessage. */
function startupMessage(parameters: Record<string, string>): Uint8Array {
  const body = Buffer.from(
    `${Object.entries(parameters)
      .map(([key, value]) => `${key}\0${value}\0`)
      .join('')}\0`,
    'utf8',
  );
  const message = Buffer.alloc(8 + body.length);
  message.writeInt32BE(8 + body.length, 0);
  message.writeInt32BE(196608, 4);
  body.copy(message, 8);
  return message;
}

/** The transaction status of the last ReadyForQuery in a run of backend messages, if there is one. */
function lastReadyStatus(output: Uint8Array): number | null {
  let status: number | null = null;
  const view = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  for (let at = 0; at + 5 <= view.length; at += 1 + view.readInt32BE(at + 1)) {
    if (view[at] === READY_FOR_QUERY) status = view[at + 5] ?? null;
  }
  return status;
}

/**
 * One protocol exchange, answered as raw bytes. Not execProtocolRaw: PGlite 0.5 parses every answer into a results
 * list that only execProtocol and execProtocolStream empty, so a server calling execProtocolRaw alone kept every row
 * it ever sent (15 MB a minute of parsed messages under bench:mixed's load).
 */
async function runProtocol(pglite: PGlite, message: Uint8Array): Promise<Uint8Array> {
  return (await pglite.execProtocol(message, { throwOnError: false })).data;
}

class ClientSession {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private pumping = false;
  /** Settles when the current pump ends: close() waits on it, never polls (a poll kept a stopped shop spinning). */
  private pumped: Promise<void> = Promise.resolve();
  private closed = false;
  private release: (() => void) | null = null;
  /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction (PostgreSQL's ReadyForQuery status). */
  private status = 0x49;
  /** Messages were run since the last ReadyForQuery: the client is mid-batch. */
  private midBatch = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly pglite: PGlite,
    /** The session's answer to a StartupMessage, recorded once: connecting never waits for the session. */
    private readonly greeting: Uint8Array,
    private readonly idleInTransactionMs: number,
    private readonly onGone: () => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      void this.pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.close());
  }

  private pump(): Promise<void> {
    if (this.pumping) return this.pumped;
    this.pumping = true;
    this.pumped = this.drain();
    return this.pumped;
  }

  private async drain(): Promise<void> {
    try {
      for (let message = this.next(); message && !this.closed; message = this.next()) {
        await this.handle(message);
      }
      if (this.release && this.status === 0x49 && !this.midBatch) this.giveBack();
      this.armIdleTimer();
    } catch {
      this.socket.destroy();
    } finally {
      this.pumping = false;
    }
  }

  /** The next complete message in the buffer: the untyped startup packet first, then typed messages. */
  private next(): Buffer | null {
    const headerLength = this.started ? 5 : 4;
    if (this.buffer.length < headerLength) return null;
    const length = this.started ? 1 + this.buffer.readInt32BE(1) : this.buffer.readInt32BE(0);
    if (length < headerLength || length > 64 * 1024 * 1024) {
      this.socket.destroy();
      return null;
    }
    if (this.buffer.length < length) return null;
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return message;
  }

  private async handle(message: Buffer): Promise<void> {
    if (!this.started) {
      const code = message.length >= 8 ? message.readInt32BE(4) : 0;
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.socket.write('N');
        return;
      }
      if (code === CANCEL_REQUEST) {
        this.socket.end();
        return;
      }
      this.started = true;
      this.socket.write(this.greeting);
      return;
    }
    if (message[0] === TERMINATE) {
      this.socket.end();
      await this.close();
      return;
    }
    await this.own();
    if (this.closed) return;
    // A copy: PGlite reuses the memory behind what it returns, and the socket writes later.
    const output = Buffer.from(await runProtocol(this.pglite, message));
    if (this.closed) return;
    const status = lastReadyStatus(output);
    if (status === null) this.midBatch = true;
    else {
      this.status = status;
      this.midBatch = false;
    }
    if (output.length > 0 && this.socket.writable) this.socket.write(output);
  }

  /** Waits for the session; it stays ours until we are idle again. */
  private async own(): Promise<void> {
    if (this.release) return;
    await new Promise<void>((acquired) => {
      void this.pglite.runExclusive(
        () =>
          new Promise<void>((release) => {
            this.release = release;
            acquired();
          }),
      );
    });
  }

  private giveBack(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }

  /** A client inside a transaction that goes silent would block every other client: drop it. */
  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (!this.release) return;
    this.idleTimer = setTimeout(() => this.socket.destroy(), this.idleInTransactionMs);
    this.idleTimer.unref();
  }

  disconnect(): void {
    this.socket.destroy();
  }

  /** Leaves the session as a fresh client would find it: batch ended, transaction rolled back, then hands it on. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.onGone();
    await this.pumped;
    if (!this.release) return;
    try {
      if (this.midBatch) await runProtocol(this.pglite, SYNC);
      if (this.pglite.isInTransaction()) await runProtocol(this.pglite, queryMessage('ROLLBACK'));
    } finally {
      this.giveBack();
    }
  }
}

export class PgliteServer {
  private readonly server: Server;
  private readonly sessions = new Set<ClientSession>();
  private greeting: Uint8Array | undefined;

  constructor(
    private readonly pglite: PGlite,
    private readonly options: PgliteServerOptions,
  ) {
    this.server = createServer((socket) => {
      if (this.sessions.size >= (options.maxConnections ?? 100)) {
        socket.destroy();
        return;
      }
      const session = new ClientSession(
        socket,
        pglite,
        this.greeting!,
        options.idleInTransactionMs ?? 15_000,
        () => this.sessions.delete(session),
      );
      this.sessions.add(session);
    });
  }

  async start(): Promise<void> {
    await this.pglite.waitReady;
    this.greeting = Buffer.from(
      await this.pglite.runExclusive(() =>
        runProtocol(this.pglite, startupMessage({ user: 'postgres', database: 'postgres' })),
      ),
    );
    if (lastReadyStatus(this.greeting) !== 0x49) throw new Error('PGlite did not accept a startup message');
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const session of this.sessions) session.disconnect();
    });
  }
}
