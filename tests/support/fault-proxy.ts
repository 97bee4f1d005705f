import { createServer, type Server, Socket } from 'node:net';
import { freePort } from './free-port.js';

export interface FaultProxy {
  url: string;
  port: number;
  /** Forward everything, as if the proxy were not there. */
  pass(): void;
  /** Reset every open connection and every new one at once: the server is gone. */
  refuse(): void;
  /** Forward, but hold each chunk `ms` longer in each direction (order kept). */
  delay(ms: number): void;
  /** Connections accepted so far, refused ones included: proof that the clients really came. */
  connections(): number;
  /** Connections reset by `refuse` (open ones and new ones). */
  resets(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a shared server, so a test can break the link for its own clients only: pass, refuse
 * (connection reset), or add latency. Other test files keep talking to the server directly.
 */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: { kind: 'pass' } | { kind: 'refuse' } | { kind: 'delay'; ms: number } = { kind: 'pass' };
  let accepted = 0;
  let reset = 0;
  const open = new Set<Socket>();

  const relay = (from: Socket, to: Socket) => {
    let queue = Promise.resolve();
    let waiting = 0;
    from.on('data', (chunk) => {
      const ms = mode.kind === 'delay' ? mode.ms : 0;
      if (ms === 0 && waiting === 0) {
        to.write(chunk);
        return;
      }
      waiting++;
      queue = queue
        .then(() => new Promise<void>((r) => setTimeout(r, ms)))
        .then(() => {
          waiting--;
          if (!to.destroyed) to.write(chunk);
        });
    });
    from.on('end', () => void queue.then(() => to.end()));
  };

  const server: Server = createServer((client) => {
    accepted++;
    client.on('error', () => {});
    if (mode.kind === 'refuse') {
      reset++;
      client.resetAndDestroy();
      return;
    }
    const upstream = new Socket();
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    open.add(client);
    client.on('close', () => open.delete(client));
    upstream.connect(target.port, target.host);
    relay(client, upstream);
    relay(upstream, client);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pass: () => {
      mode = { kind: 'pass' };
    },
    refuse: () => {
      mode = { kind: 'refuse' };
      for (const socket of open) {
        reset++;
        socket.resetAndDestroy();
      }
    },
    delay: (ms) => {
      mode = { kind: 'delay', ms };
    },
    connections: () => accepted,
    resets: () => reset,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
