import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type Server as NetServer } from 'node:net';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a child in its own process group, its output in a log file, so stop() ends it and all it spawned. Without
 * `onLine` the child writes to the file itself: relaying every line through this process would cost this process's
 * CPU (a load driver's, in the benches) for nothing.
 */
export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  cwd: string;
  /** Told every line the process writes (stdout and stderr), beside the log file: the log collector's sink. */
  onLine?: (line: string) => void;
}): RunningProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const direct = options.onLine === undefined ? openSync(options.logFile, 'a') : undefined;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: direct === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', direct, direct],
  });
  let log: WriteStream | undefined;
  if (direct !== undefined) closeSync(direct);
  else {
    log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    for (const stream of [child.stdout, child.stderr])
      if (stream)
        createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', options.onLine!);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  return {
    name: options.name,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal('SIGTERM');
      const killer = setTimeout(() => signal('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
      log?.end();
    },
  };
}

/** Polls a URL until it answers with `expectStatus`, or fails with the reason after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  child?: ChildProcess,
  expectStatus = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`exited with code ${child.exitCode} before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === expectStatus) return;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer ${expectStatus} within ${timeoutMs} ms (${lastError})`);
}

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}

/**
 * Stops an HTTP server: no new connections, idle kept-alive ones closed now, busy ones after `graceMs`, so a client
 * that keeps a connection open can never hold the shop up at Ctrl-C.
 */
export function closeServer(server: Server, graceMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Listens on 127.0.0.1:port, or fails with what to do when the port is taken (never an unhandled 'error'). */
export function listenOn(server: Server | NetServer, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is in use: stop what holds it or choose another port`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
