import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import {
  COMPRESS_MAX_BYTES,
  COMPRESS_MIN_BYTES,
  cacheControlOf,
  contentTypeOf,
  isCompressible,
  isPublished,
  REVALIDATE,
} from './site-files.js';

export type Encoding = 'br' | 'gzip' | 'identity';

/** One file as S3 stores it (bytes, metadata, ETag) plus the compressed bodies CloudFront would cache. */
interface StoredFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  /** S3's ETag for a single-part upload: the MD5 of the bytes. */
  etag: string;
  lastModified: string;
  contentType: string;
  cacheControl: string;
  /** Sent with Vary: Accept-Encoding and compressed for viewers that accept it. */
  compressible: boolean;
  compressed: Partial<Record<'br' | 'gzip', Promise<Buffer>>>;
}

export interface StaticAnswer {
  status: 200 | 304 | 404;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
  /** For a 404: what is missing. */
  missing?: string;
}

const compressors = {
  br: (bytes: Buffer) =>
    promisify(brotliCompress)(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
  gzip: (bytes: Buffer) => promisify(gzip)(bytes, { level: 9 }),
};

/**
 * The encoding CloudFront picks: brotli when the viewer accepts it, else gzip, else none. A coding with q=0 is
 * refused; `*` stands for any coding not named.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (!coding) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(coding, q === undefined ? 1 : Number(q));
  }
  const quality = (coding: string) => accepted.get(coding) ?? accepted.get('*') ?? 0;
  if (quality('br') > 0) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return 'identity';
}

/** RFC 9110 weak comparison, as S3 and CloudFront apply If-None-Match. */
function noneMatch(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * The site bucket as CloudFront serves it: files of a build directory with their S3 metadata (Content-Type,
 * Cache-Control by the rules in site-files.ts, an MD5 ETag), conditional GETs, and CloudFront's compression.
 * A file is read once per version (its mtime and size) and each compressed body is made once and kept.
 */
export class StaticSite {
  private readonly files = new Map<string, Promise<StoredFile | undefined>>();
  private readonly root: string;
  /** How many bodies were compressed so far (each file version once per encoding). */
  compressions = 0;

  constructor(
    dir: string,
    /** Served as /index.html while the build has none (no storefront yet). */
    private readonly placeholder?: () => string,
  ) {
    this.root = normalize(dir);
  }

  /** The answer for a GET or HEAD of `uri` (already rewritten by the viewer-request function). */
  async answer(uri: string, requestHeaders: IncomingHttpHeaders): Promise<StaticAnswer> {
    const file = await this.lookUp(uri);
    if (!file) {
      if (uri === '/index.html' && this.placeholder) {
        const body = Buffer.from(this.placeholder());
        return {
          status: 200,
          headers: {
            'content-type': contentTypeOf('/index.html'),
            'cache-control': REVALIDATE,
            'content-length': body.length,
          },
          body,
        };
      }
      return { status: 404, headers: {}, missing: uri };
    }
    const encoding = file.compressible ? negotiateEncoding(requestHeaders['accept-encoding']) : 'identity';
    // CloudFront weakens a strong ETag when it compresses: the bytes differ, the content does not.
    const etag = encoding === 'identity' ? file.etag : `W/${file.etag}`;
    const headers: OutgoingHttpHeaders = {
      'content-type': file.contentType,
      'cache-control': file.cacheControl,
      etag,
      'last-modified': file.lastModified,
      ...(file.compressible ? { vary: 'Accept-Encoding' } : {}),
    };
    const ifNoneMatch = requestHeaders['if-none-match'];
    const ifModifiedSince = requestHeaders['if-modified-since'];
    const notModified =
      ifNoneMatch !== undefined
        ? noneMatch(ifNoneMatch, file.etag)
        : ifModifiedSince !== undefined &&
          Math.floor(file.mtimeMs / 1000) * 1000 <= Date.parse(ifModifiedSince);
    if (notModified) return { status: 304, headers };
    const body = encoding === 'identity' ? file.body : await this.compressed(file, encoding);
    return {
      status: 200,
      headers: {
        ...headers,
        ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
        'content-length': body.length,
      },
      body,
    };
  }

  /** Compresses every compressible file of the build now, so the first viewers wait for none of it. */
  async warm(paths: string[], encodings: ('br' | 'gzip')[] = ['br', 'gzip']): Promise<void> {
    for (const path of paths) {
      const file = await this.lookUp(path);
      if (file?.compressible) for (const encoding of encodings) await this.compressed(file, encoding);
    }
  }

  private compressed(file: StoredFile, encoding: 'br' | 'gzip'): Promise<Buffer> {
    if (!file.compressed[encoding]) {
      this.compressions++;
      file.compressed[encoding] = compressors[encoding](file.body);
    }
    return file.compressed[encoding];
  }

  /** The stored file for a URI, reloaded when the file on disk changed (a rebuild), or undefined. */
  private async lookUp(uri: string): Promise<StoredFile | undefined> {
    let relative: string;
    try {
      relative = decodeURIComponent(uri).replace(/^\/+/, '');
    } catch {
      return undefined;
    }
    if (!relative || !isPublished(relative)) return undefined;
    const path = normalize(join(this.root, relative));
    if (!path.startsWith(this.root + sep)) return undefined;
    const found = await stat(path).catch(() => undefined);
    if (!found?.isFile()) {
      this.files.delete(path);
      return undefined;
    }
    const cached = await this.files.get(path);
    if (cached && cached.mtimeMs === found.mtimeMs && cached.size === found.size) return cached;
    const loading = readFile(path)
      .then((body): StoredFile => {
        const key = `/${relative.split(sep).join('/')}`;
        const contentType = contentTypeOf(key);
        return {
          mtimeMs: found.mtimeMs,
          size: found.size,
          body,
          etag: `"${createHash('md5').update(body).digest('hex')}"`,
          lastModified: new Date(found.mtimeMs).toUTCString(),
          contentType,
          cacheControl: cacheControlOf(key),
          compressible:
            isCompressible(contentType) &&
            body.length >= COMPRESS_MIN_BYTES &&
            body.length <= COMPRESS_MAX_BYTES,
          compressed: {},
        };
      })
      .catch(() => undefined);
    this.files.set(path, loading);
    return loading;
  }
}
