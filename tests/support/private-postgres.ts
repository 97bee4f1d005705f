import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const BIN = '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL 15 cluster of the test's own (initdb into a temporary folder), which the test may restart or stop
 * without disturbing the shared server other test files use. As root it runs as the postgres user, as .ci/run does.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync('/tmp/shop-private-pg-');
    const server = new PrivatePostgres(await freePort(), dir);
    if (userInfo().uid === 0) {
      const postgres = Number(execFileSync('id', ['-u', 'postgres']).toString());
      chownSync(dir, postgres, postgres);
    }
    await server.run(`${BIN}/initdb -D ${join(dir, 'data')} -U postgres --auth=trust -N >/dev/null`);
    await server.pgCtl(
      `-l ${join(dir, 'log')} -w start -o '-p ${server.port} -k ${dir} -c max_connections=100 -c fsync=off'`,
    );
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** `pg_ctl restart`: `fast` rolls back open transactions and closes every connection; `immediate` crashes. */
  restart(mode: 'fast' | 'immediate'): Promise<void> {
    return this.pgCtl(`-l ${join(this.dir, 'log')} -m ${mode} -w restart`);
  }

  async stop(): Promise<void> {
    await this.pgCtl('-m immediate -w stop').catch(() => {}); // already stopped
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(args: string): Promise<void> {
    return this.run(`${BIN}/pg_ctl -D ${join(this.dir, 'data')} ${args}`);
  }

  /** Asynchronous, so a test's clients keep running while the server restarts. */
  private async run(command: string): Promise<void> {
    const asPostgres = userInfo().uid === 0 ? ['su', 'postgres', '-c', command] : ['sh', '-c', command];
    await promisify(execFile)(asPostgres[0]!, asPostgres.slice(1));
  }
}
