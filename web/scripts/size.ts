/**
 * The home page's initial download, gzipped: every script, module preload and stylesheet that web/dist/index.html
 * references (what a browser fetches before the first render). Goals: JS <= 60 KB, CSS <= 15 KB.
 * Run after `npm run build:web`: `npm run size:web`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '..', 'dist');
const GOALS = { js: 60 * 1024, css: 15 * 1024 };

const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const refs = [
  ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*\srel="(?:stylesheet|modulepreload)"[^>]*\shref="([^"]+)"/g),
].map((match) => match[1]!);

const totals = { js: 0, css: 0 };
const rows: string[] = [];
for (const ref of refs) {
  const bytes = readFileSync(join(DIST, ref));
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const kind = ref.endsWith('.css') ? 'css' : 'js';
  totals[kind] += gzip;
  rows.push(
    `  ${ref.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip`,
  );
}
console.log(`Home page, initial files (web/dist/index.html):\n${rows.join('\n')}`);
let failed = false;
for (const kind of ['js', 'css'] as const) {
  const ok = totals[kind] <= GOALS[kind];
  failed ||= !ok;
  console.log(
    `  ${kind.toUpperCase().padEnd(4)} ${(totals[kind] / 1024).toFixed(1)} KB gzip (goal ${GOALS[kind] / 1024} KB): ${ok ? 'ok' : 'OVER'}`,
  );
}
process.exitCode = failed ? 1 : 0;
