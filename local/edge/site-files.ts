import { extname } from 'node:path';

/**
 * How each file of the storefront build (web/dist) is served: the local edge answers with these headers, and
 * `npm run deploy:web` stores them as the S3 objects' metadata, which CloudFront passes on and honours.
 */

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and the SPA fallback: always revalidated, so a deploy reaches every new page load. */
export const REVALIDATE = 'no-cache';
/** Unhashed files other than index.html (favicon, robots.txt, /assets/demo/*.svg): may change under one name. */
export const SHORT = 'public, max-age=300';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Vite's output names: `/assets/<name>-<hash>.<ext>` directly under /assets/, the hash 8 characters of
 * [A-Za-z0-9_-]. A name that merely ends in an 8-letter word (`/assets/logo-sideways.svg`, or anything in a
 * subfolder such as /assets/demo/, which is copied from public/) is not taken for a hash: a real one has a digit,
 * an upper-case letter, `_` or `-` in it. A hash of lower-case letters only (about 1 in 1,400) is served with the
 * short max-age: slower, never stale.
 */
export function isHashedAsset(path: string): boolean {
  const match = /^\/assets\/[^/]+-([A-Za-z0-9_-]{8})\.[A-Za-z0-9]+$/.exec(path);
  return match !== null && /[0-9A-Z_-]/.test(match[1]!);
}

export function cacheControlOf(path: string): string {
  if (path === '/index.html') return REVALIDATE;
  return isHashedAsset(path) ? IMMUTABLE : SHORT;
}

/** Text types, which CloudFront compresses (it skips images, fonts and other already-compressed types). */
export function isCompressible(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim();
  return (
    type.startsWith('text/') ||
    type === 'image/svg+xml' ||
    type === 'application/json' ||
    type === 'application/manifest+json' ||
    type === 'application/xml' ||
    type === 'application/javascript'
  );
}

/** CloudFront compresses files from 1,000 to 10,000,000 bytes, no smaller and no larger. */
export const COMPRESS_MIN_BYTES = 1000;
export const COMPRESS_MAX_BYTES = 10_000_000;

/** Files of the build that are not part of the site: dot files such as the build's source-hash marker. */
export function isPublished(relativePath: string): boolean {
  return !relativePath.split('/').some((part) => part.startsWith('.'));
}
