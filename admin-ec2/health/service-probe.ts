import * as z from 'zod/mini';
import { propagationHeaders } from '../../adapters/logs/request-context.js';
import type { CacheStats } from '../../domain/shared/cache-aside.js';

const PROBE_TIMEOUT_MS = 2000;

export interface ServiceHealth {
  name: string;
  url: string;
  ready: boolean;
  latencyMs: number | null;
  detail: string;
  cache: CacheStats | null;
}

const readyBody = z.looseObject({
  status: z.optional(z.string()),
  detail: z.optional(z.string()),
  cache: z.optional(z.object({ hits: z.int(), misses: z.int() })),
});

/**
 * `name=url` pairs, comma-separated. A URL with a path is probed as it is (e.g. the product API's
 * `/api/categories`); one without is probed at `/ready`.
 */
export function parseServiceUrls(value: string): { name: string; url: string }[] {
  return value
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      if (at < 1 || !URL.canParse(pair.slice(at + 1).trim()))
        throw new Error(`SERVICE_URLS: "${pair}" is not name=url`);
      const url = new URL(pair.slice(at + 1).trim());
      if (url.pathname === '/' || url.pathname === '') url.pathname = '/ready';
      return { name, url: url.toString() };
    });
}

/** One service's readiness as its own /ready says it (and its cache counters, when it reports them). */
export async function probe(service: { name: string; url: string }): Promise<ServiceHealth> {
  const started = performance.now();
  try {
    const response = await fetch(service.url, {
      headers: propagationHeaders(),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    const latencyMs = Math.round(performance.now() - started);
    const body = readyBody.safeParse(await response.json().catch(() => null));
    const said = body.success ? body.data : {};
    return {
      ...service,
      ready: response.ok,
      latencyMs,
      detail: said.detail ?? said.status ?? `HTTP ${response.status}`,
      cache: said.cache ?? null,
    };
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    return {
      ...service,
      ready: false,
      latencyMs: null,
      detail:
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${PROBE_TIMEOUT_MS} ms`
          : `unreachable (${cause ?? (error as Error).message})`,
      cache: null,
    };
  }
}
