import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** Written into web/dist after a successful build: the hash of the sources it was built from. */
export const SOURCE_HASH_MARKER = '.source-hash';
const BUILD_TIMEOUT_MS = 300_000;

export type StorefrontState =
  /** No web/ folder yet: the edge shows its placeholder page. */
  | { state: 'absent' }
  /** web/ exists but package.json has no build:web script. */
  | { state: 'no-script' }
  /** web/dist was built from the current sources. */
  | { state: 'fresh' }
  | { state: 'built'; seconds: number }
  /** The build failed; the edge serves whatever web/dist holds (an older build, or the placeholder). */
  | { state: 'failed'; reason: string; logFile: string };

/** A single-page app `npm start` builds when its sources changed: its folder, its npm script, what it builds from. */
export interface SpaBuild {
  name: string;
  /** Relative to the root; the build writes `<dir>/dist`. */
  dir: string;
  script: string;
  /** Folders (relative to the root) whose files the bundle is made of. */
  sources: readonly string[];
}

export const STOREFRONT_BUILD: SpaBuild = {
  name: 'Storefront',
  dir: 'web',
  script: 'build:web',
  sources: ['web'],
};
/** The admin's bundle also compiles the storefront's shared pieces and the admin role table. */
export const ADMIN_UI_BUILD: SpaBuild = {
  name: 'Admin UI',
  dir: 'admin-ec2/ui',
  script: 'build:admin',
  sources: ['admin-ec2/ui', 'web/src', 'domain/admin'],
};

/** Folders that are not sources. */
const NOT_SOURCES = new Set(['dist', 'node_modules', '.vite', '.cache', 'coverage']);

/** A hash of everything an app builds from: each file's path (from the root) and bytes, in a fixed order. */
export function sourcesHash(root: string, dirs: readonly string[]): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_SOURCES.has(entry.name)) walk(path);
      } else if (entry.isFile()) {
        hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  return hash.digest('hex');
}

/** One build at a time per checkout (test files start local shops in parallel processes). */
async function withBuildLock<T>(root: string, app: SpaBuild, work: () => Promise<T>): Promise<T> {
  const lock = join(
    tmpdir(),
    `shop-web-build-${createHash('sha256').update(root).update(app.dir).digest('hex').slice(0, 8)}`,
  );
  const deadline = Date.now() + BUILD_TIMEOUT_MS + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const stale = existsSync(lock) && Date.now() - statSync(lock).mtimeMs > BUILD_TIMEOUT_MS + 30_000;
      if (stale) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`waited too long for another ${app.name} build (${lock})`);
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs the app's npm script, its output in `logFile` and (unless quiet) on the console, indented. */
function runBuild(
  root: string,
  script: string,
  logFile: string,
  print: ((line: string) => void) | undefined,
): Promise<{ ok: boolean; tail: string[]; reason: string }> {
  mkdirSync(dirname(logFile), { recursive: true });
  const logStream = createWriteStream(logFile);
  const tail: string[] = [];
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', script, '--silent'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    let pending = '';
    const onData = (chunk: Buffer) => {
      logStream.write(chunk);
      const lines = (pending + chunk.toString('utf8')).split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.trim())) {
        tail.push(line);
        if (tail.length > 12) tail.shift();
        print?.(`    | ${line}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const finish = (ok: boolean, reason: string) => {
      clearTimeout(timer);
      logStream.end();
      resolve({ ok, tail, reason });
    };
    child.on('error', (error) => finish(false, error.message));
    child.on('close', (code, signal) =>
      finish(
        code === 0,
        signal === 'SIGKILL' ? `it took over ${BUILD_TIMEOUT_MS / 1000} s` : `it exited with code ${code}`,
      ),
    );
  });
}

/**
 * `npm start`'s build step for a single-page app: builds it into `<dir>/dist` when its sources changed since the last
 * build (a hash of its source folders without dist and node_modules, compared with the marker in dist). A failed
 * build is reported and the shop starts anyway: the API does not need the app.
 */
export async function buildSpaIfChanged(
  app: SpaBuild,
  options: { root: string; logFile: string; log: (line: string) => void; quiet: boolean },
): Promise<StorefrontState> {
  const { root, logFile, log, quiet } = options;
  const appDir = join(root, app.dir);
  const dist = join(appDir, 'dist');
  const say = (line: string) => (quiet ? undefined : log(line));
  if (!existsSync(appDir)) return { state: 'absent' };
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: object })
    .scripts;
  if (!scripts || !(app.script in scripts)) {
    say(`  ${app.name}: ${app.dir}/ has no ${app.script} script yet, so it shows a placeholder page`);
    return { state: 'no-script' };
  }
  const marker = join(dist, SOURCE_HASH_MARKER);
  const isFresh = (hash: string) =>
    existsSync(join(dist, 'index.html')) && existsSync(marker) && readFileSync(marker, 'utf8') === hash;
  if (isFresh(sourcesHash(root, app.sources))) {
    say(`  ${app.name}: ${app.dir}/dist is up to date with ${app.dir}/`);
    return { state: 'fresh' };
  }
  return withBuildLock(root, app, async () => {
    const hash = sourcesHash(root, app.sources);
    if (isFresh(hash)) return { state: 'fresh' } as const;
    say(`  ${app.name}: ${app.dir}/ changed since the last build, building it (npm run ${app.script})...`);
    const started = performance.now();
    const result = await runBuild(root, app.script, logFile, quiet ? undefined : log);
    if (!result.ok) {
      const serving = existsSync(join(dist, 'index.html')) ? 'the previous build' : 'a placeholder page';
      say(
        `  ${app.name}: the build FAILED (${result.reason}); the shop starts anyway and shows ${serving}.` +
          ` The whole output is in ${logFile}`,
      );
      return { state: 'failed', reason: result.reason, logFile };
    }
    if (!existsSync(join(dist, 'index.html'))) {
      say(`  ${app.name}: npm run ${app.script} succeeded but wrote no ${app.dir}/dist/index.html`);
      return { state: 'failed', reason: `no ${app.dir}/dist/index.html after the build`, logFile };
    }
    writeFileSync(marker, hash);
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    say(`  ${app.name}: built ${app.dir}/dist in ${seconds}s`);
    return { state: 'built', seconds };
  });
}

/** The storefront's build step (web/ into web/dist). */
export const buildStorefrontIfChanged = (options: Parameters<typeof buildSpaIfChanged>[1]) =>
  buildSpaIfChanged(STOREFRONT_BUILD, options);
