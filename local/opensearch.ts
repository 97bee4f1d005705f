import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { startProcess, waitForHttp } from './processes.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const LAUNCHER = join(ROOT, 'local', 'opensearch');
const TARGET = join(LAUNCHER, 'target');
const STAMP = join(TARGET, 'launcher.stamp');
const SOURCES = ['pom.xml', join('src', 'main', 'java', 'shop', 'opensearch', 'LocalNode.java')];

const INSTALL_HINT =
  'install Java 17 and Maven (apt-get install -y openjdk-17-jdk-headless maven), or set SEARCH_ENGINE=embedded';

/** JVM flags for one small node: fixed 512 MB heap, no JMX, log4j shut down by the node, not before it. */
const JVM_FLAGS = [
  '-Xms512m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-Dlog4j2.disable.jmx=true',
  '-Dlog4j.shutdownHookEnabled=false',
  '-Dopensearch.set.netty.runtime.available.processors=false',
  '-Dfile.encoding=UTF-8',
];

export interface OpenSearchOptions {
  port: number;
  /** The node's folder: its data under data/, everything it keeps between runs. */
  dataDir: string;
  /** The node's output and the Maven build's. */
  logFile: string;
  /** Start-up deadline, including a first build. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningOpenSearch {
  url: string;
  stop(): Promise<void>;
}

/**
 * A single-node OpenSearch 2.19 on 127.0.0.1:`port`, from Maven Central jars (local/opensearch/pom.xml): builds the
 * launcher when local/opensearch/target is missing or older than its sources, starts it and waits until the cluster
 * is at least yellow. Needs Java 17 and Maven; says what to install when they are missing.
 */
export async function startOpenSearch(options: OpenSearchOptions): Promise<RunningOpenSearch> {
  const log = options.log ?? ((line: string) => console.log(line));
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  checkJava();
  mkdirSync(dirname(options.logFile), { recursive: true });
  if (launcherStale()) {
    checkMaven();
    log(
      `  building the OpenSearch launcher (Maven; the first build downloads ~48 MiB of jars), log: ${options.logFile}`,
    );
    const started = Date.now();
    await buildLauncher(options.logFile);
    log(`  OpenSearch launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (await portOpen(options.port))
    throw new Error(`port ${options.port} is in use: stop what holds it or choose another OPENSEARCH_PORT`);

  mkdirSync(options.dataDir, { recursive: true });
  const node = startProcess({
    name: 'opensearch',
    command: 'java',
    args: [
      ...JVM_FLAGS,
      '-cp',
      `${join(TARGET, 'classes')}:${join(TARGET, 'lib', '*')}`,
      'shop.opensearch.LocalNode',
      '--dir',
      resolve(options.dataDir),
      '--port',
      String(options.port),
    ],
    cwd: LAUNCHER,
    env: process.env,
    logFile: options.logFile,
  });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHttp(
      `${url}/_cluster/health?wait_for_status=yellow&timeout=1s`,
      Math.max(1000, deadline - Date.now()),
      node.child,
    );
  } catch (error) {
    await node.stop();
    throw new Error(
      `OpenSearch did not start: ${(error as Error).message}. Last lines of ${options.logFile}:\n${tail(options.logFile)}`,
    );
  }
  return { url, stop: () => node.stop() };
}

function checkJava(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error) throw new Error(`OpenSearch needs Java (java is not on the PATH): ${INSTALL_HINT}`);
  const version = /version "(\d+)/.exec(java.stderr)?.[1];
  if (version && Number(version) < 11)
    throw new Error(`OpenSearch 2.19 needs Java 11 or newer, found Java ${version}: ${INSTALL_HINT}`);
}

/** The sources' hash, written after each successful build: a changed pom or launcher rebuilds. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(readFileSync(join(LAUNCHER, file)));
  return hash.digest('hex');
}

function launcherStale(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(TARGET, 'lib')) || !existsSync(join(TARGET, 'classes')))
    return true;
  return readFileSync(STAMP, 'utf8').trim() !== sourcesHash();
}

function checkMaven(): void {
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error)
    throw new Error(`building the OpenSearch launcher needs Maven (mvn is not on the PATH): ${INSTALL_HINT}`);
}

async function buildLauncher(logFile: string): Promise<void> {
  const out = openSync(logFile, 'a');
  try {
    const code = await new Promise<number | null>((resolveCode, reject) => {
      const child = spawn('mvn', ['-q', '-B', 'package'], { cwd: LAUNCHER, stdio: ['ignore', out, out] });
      child.once('error', reject);
      child.once('exit', resolveCode);
    });
    if (code !== 0)
      throw new Error(
        `building the OpenSearch launcher failed (mvn exited with ${code}). Last lines of ${logFile}:\n${tail(logFile)}`,
      );
  } finally {
    closeSync(out);
  }
  writeFileSync(STAMP, `${sourcesHash()}\n`);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
  });
}

/** The last `lines` lines of a file (at most its last 64 KiB). */
function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log)';
  const size = statSync(file).size;
  const length = Math.min(size, 65_536);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer
    .toString('utf8')
    .split('\n')
    .slice(-lines - 1)
    .join('\n');
}

/** `npx tsx local/opensearch.ts`: a node on OPENSEARCH_PORT (9200) with its data in .data/opensearch, until Ctrl-C. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.OPENSEARCH_PORT ?? 9200);
  const dataRoot = resolve(ROOT, process.env.DATA_DIR ?? '.data');
  const logFile = join(dataRoot, 'logs', 'opensearch.log');
  const started = Date.now();
  startOpenSearch({ port, dataDir: join(dataRoot, 'opensearch'), logFile }).then(
    (node) => {
      console.log(
        `OpenSearch is up on ${node.url} in ${((Date.now() - started) / 1000).toFixed(1)} s (data: ${join(dataRoot, 'opensearch')}, log: ${logFile}); Ctrl-C stops it`,
      );
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        console.log('stopping OpenSearch...');
        node.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
