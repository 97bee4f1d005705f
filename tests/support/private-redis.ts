import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

/**
 * A redis-server of the test's own (the shared CI Redis stays untouched), which the test really stops and starts on
 * the same port. Nothing is persisted: a restarted server is empty, like a replaced ElastiCache node.
 */
export class PrivateRedis {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if ((await this.ping()) === 'PONG') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on port ${this.port} did not start`);
  }

  /** SIGKILL: the node vanishes, every client's connection breaks at once. */
  async down(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** `INFO` as numbers (total_commands_processed, keyspace_hits, connected_clients, ...). */
  async info(): Promise<Record<string, number>> {
    return this.command(async (client) => {
      const text = await client.info();
      const fields: Record<string, number> = { keys: await client.dbsize() };
      for (const line of text.split('\r\n')) {
        const [name, value] = line.split(':');
        if (name && value !== undefined && /^\d+$/.test(value)) fields[name] = Number(value);
      }
      return fields;
    });
  }

  private ping(): Promise<string> {
    return this.command((client) => client.ping()).catch(() => '');
  }

  private async command<T>(run: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      return await run(client);
    } finally {
      client.disconnect();
    }
  }
}
