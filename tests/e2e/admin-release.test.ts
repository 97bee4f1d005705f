import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminRelease } from '../../admin-ec2/build.js';
import { PgliteServer } from '../../local/pglite-server.js';
import { waitForHttp } from '../../local/processes.js';
import { freePort } from '../support/free-port.js';

/** Asynchronous: the PGlite server it talks to runs in this process. */
const run = (file: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [file], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });

/** What the admin EC2 instance gets: the release bundle, its systemd unit and the bootstrap script that installs them. */
describe('admin release for EC2', () => {
  const work = mkdtempSync(join(tmpdir(), 'admin-release-'));
  // Inside the repository, so the bundle finds the one package left outside it (argon2) as `npm ci --omit=dev` would.
  const outdir = new URL(`../../dist/test-admin-release-${process.pid}`, import.meta.url).pathname;
  let databaseUrl: string;
  let stopDatabase: () => Promise<void>;

  beforeAll(async () => {
    await buildAdminRelease(outdir);
    const pglite = await PGlite.create();
    const port = await freePort();
    const server = new PgliteServer(pglite, { port, maxConnections: 10 });
    await server.start();
    databaseUrl = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
    stopDatabase = async () => {
      await server.stop();
      await pglite.close();
    };
  }, 120_000);
  afterAll(async () => {
    await stopDatabase?.();
    rmSync(work, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  });

  it('migrates an empty database from the bundle, then says it is up to date', async () => {
    const first = await run(join(outdir, 'migrate.mjs'), { DATABASE_URL: databaseUrl });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/migration 0001-initial: success/);
    const second = await run(join(outdir, 'migrate.mjs'), { DATABASE_URL: databaseUrl });
    expect(second.stdout).toMatch(/schema is up to date/);
    const missing = await run(join(outdir, 'migrate.mjs'), {});
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/DATABASE_URL is not set/);
  }, 60_000);

  it('serves the admin from the bundle with plain node, ready, and drains on SIGTERM', async () => {
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [join(outdir, 'main.mjs')], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        STAGE: 'ci',
        SECURE_COOKIES: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/ready`, 30_000, child);
      const login = await fetch(`http://127.0.0.1:${port}/admin/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@admin.local', password: 'x', code: '123456' }),
      });
      expect(login.status).toBe(401);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('has a systemd unit that systemd accepts, hardened, migrating before each start', () => {
    const unit = readFileSync(join(outdir, 'deploy', 'shop-admin.service'), 'utf8');
    expect(unit).toMatch(/^ExecStartPre=.*migrate\.mjs$/m);
    expect(unit).toMatch(/^User=shop-admin$/m);
    expect(unit).toMatch(/^NoNewPrivileges=true$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    const analyze = spawnSync('systemd-analyze', ['--version']);
    if (analyze.error && process.env.REQUIRE_REAL_SERVICES !== '1') return;
    const verify = spawnSync('systemd-analyze', ['verify', join(outdir, 'deploy', 'shop-admin.service')], {
      encoding: 'utf8',
    });
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stderr).toBe('');
  });

  it('bootstraps an instance: release unpacked and switched, credentials from Secrets Manager into a private env file, unit enabled', () => {
    // The instance's commands, recorded: dnf, useradd, aws, curl, systemctl, npm, chown.
    const root = join(work, 'instance');
    const bin = join(work, 'bin');
    const calls = join(work, 'calls.log');
    mkdirSync(bin, { recursive: true });
    mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
    const tarball = join(work, 'admin-release.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', outdir, '.']);
    const secret = JSON.stringify({
      username: 'shop',
      password: 'p@ss:w/rd?#1',
      host: 'writer.cluster.local',
      port: 5432,
      dbname: 'shop',
    });
    const stub = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> ${calls}\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    stub('dnf', '');
    stub('useradd', '');
    stub('id', 'exit 1');
    stub('chown', '');
    stub('npm', '');
    stub('systemctl', '');
    stub(
      'aws',
      `case "$1 $2" in
  "s3 cp") cp ${tarball} "\${@: -1}" ;;
  "secretsmanager get-secret-value") echo '${secret}' ;;
  *) exit 1 ;;
esac`,
    );
    stub(
      'curl',
      `for ((i=1;i<=$#;i++)); do if [ "\${!i}" = "-o" ]; then j=$((i+1)); echo ca > "\${!j}"; fi; done`,
    );
    const result = spawnSync('bash', [join(outdir, 'deploy', 'bootstrap.sh')], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        ROOT: root,
        STAGE: 'prod',
        AWS_REGION: 'eu-west-1',
        RELEASE_URI: 's3://releases/admin/1.tar.gz',
        DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:db',
        READER_HOST: 'reader.cluster.local',
        CATALOG_TABLE: 'shop-prod-catalog',
      },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr + result.stdout).toBe(0);
    const env = join(root, 'etc', 'shop-admin', 'env');
    const settings = Object.fromEntries(
      readFileSync(env, 'utf8')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const writer = new URL(settings.DATABASE_URL!);
    expect(decodeURIComponent(writer.password)).toBe('p@ss:w/rd?#1');
    expect(writer.host).toBe('writer.cluster.local:5432');
    expect(writer.searchParams.get('sslmode')).toBe('verify-full');
    expect(new URL(settings.REPLICA_DATABASE_URL!).host).toBe('reader.cluster.local:5432');
    expect(settings).toMatchObject({
      STAGE: 'prod',
      CATALOG_TABLE: 'shop-prod-catalog',
      SECURE_COOKIES: 'true',
    });
    expect(statSync(env).mode & 0o777).toBe(0o640);
    const current = readlinkSync(join(root, 'opt', 'shop-admin', 'current'));
    expect(existsSync(join(current, 'main.mjs'))).toBe(true);
    expect(existsSync(join(root, 'etc', 'systemd', 'system', 'shop-admin.service'))).toBe(true);
    const log = readFileSync(calls, 'utf8');
    expect(log).toMatch(/npm ci --omit=dev/);
    const order = [
      'systemctl daemon-reload',
      'systemctl enable shop-admin.service',
      'systemctl restart shop-admin.service',
    ];
    expect(order.map((call) => log.indexOf(call))).toEqual(
      order.map((call) => log.indexOf(call)).sort((a, b) => a - b),
    );
    expect(log).not.toMatch(/p@ss/);
  }, 60_000);
});
