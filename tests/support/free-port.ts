import { createServer } from 'node:net';

/**
 * Ports for test servers come from a block of their own per vitest worker, below Linux's ephemeral range
 * (32768-60999), and are handed out once: a port one worker chose but has not bound yet can never be chosen by
 * another worker, or by the OS for an outgoing connection, in the meantime.
 */
const BLOCK = 200;
const BLOCKS = 63; // 20,000 .. 32,600, below the ephemeral range
const worker = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? 0);
// Workers of one run share their parent (the vitest process); another run on the same machine (a developer's
// second terminal) most likely lands on other blocks.
const run = process.ppid % 16;
let next = 20_000 + ((worker + run * 4) % BLOCKS) * BLOCK;
const end = next + BLOCK;

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A port nothing listens on, not handed out before in this process, and outside every other worker's block. */
export async function freePort(): Promise<number> {
  while (next < end) {
    const port = next++;
    if (await isFree(port)) return port;
  }
  throw new Error(`test worker ${worker} used up its block of ${BLOCK} ports`);
}
