/**
 * The home page's initial download, gzipped: every script, module preload and stylesheet that web/dist/index.html
 * references (what a browser fetches before the first render). Goals: JS <= 60 KB, CSS <= 15 KB.
 * Run after `npm run build:web`: `npm run size:web`. `bench/web.bench.ts` measures the same way (`gzipSizes`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const SIZE_GOALS = { js: 60 * 1024, css: 15 * 1024 };

export interface FileSize {
  ref: string;
  kind: 'js' | 'css';
  bytes: number;
  gzipBytes: number;
}

export interface SizeReport {
  files: FileSize[];
  /** Gzipped bytes per kind. */
  totals: { js: number; css: number };
}

/** The scripts, module preloads and stylesheets an HTML page references, in document order. */
export function initialRefs(html: string): string[] {
  return [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*\srel="(?:stylesheet|modulepreload)"[^>]*\shref="([^"]+)"/g),
  ].map((match) => match[1]!);
}

/** Each file's size and its size gzipped at level 9 (CloudFront compresses about as well), summed per kind. */
export async function gzipSizes(
  refs: readonly string[],
  read: (ref: string) => Promise<Uint8Array> | Uint8Array,
): Promise<SizeReport> {
  const totals = { js: 0, css: 0 };
  const files: FileSize[] = [];
  for (const ref of new Set(refs)) {
    const bytes = await read(ref);
    const gzipBytes = gzipSync(bytes, { level: 9 }).length;
    const kind = new URL(ref, 'http://x').pathname.endsWith('.css') ? 'css' : 'js';
    totals[kind] += gzipBytes;
    files.push({ ref, kind, bytes: bytes.length, gzipBytes });
  }
  return { files, totals };
}

export const kb = (bytes: number) => (bytes / 1024).toFixed(1);

async function main() {
  const dist = join(import.meta.dirname, '..', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const report = await gzipSizes(initialRefs(html), (ref) => readFileSync(join(dist, ref)));
  const rows = report.files.map(
    (f) => `  ${f.ref.padEnd(40)} ${kb(f.bytes).padStart(7)} KB  ${kb(f.gzipBytes).padStart(6)} KB gzip`,
  );
  console.log(`Home page, initial files (web/dist/index.html):\n${rows.join('\n')}`);
  let failed = false;
  for (const kind of ['js', 'css'] as const) {
    const ok = report.totals[kind] <= SIZE_GOALS[kind];
    failed ||= !ok;
    console.log(
      `  ${kind.toUpperCase().padEnd(4)} ${kb(report.totals[kind])} KB gzip (goal ${SIZE_GOALS[kind] / 1024} KB): ${ok ? 'ok' : 'OVER'}`,
    );
  }
  process.exitCode = failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
