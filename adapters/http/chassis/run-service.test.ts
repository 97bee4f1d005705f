import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../logs/logger.js';
import { reportCacheMetrics } from './run-service.js';

afterEach(() => vi.useRealTimers());

describe('the cache metrics a service reports', () => {
  it('reports the hits and misses of each minute, not the running totals, and the last ones at stop', () => {
    vi.useFakeTimers();
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ service: 'cart', sink: (line) => lines.push(JSON.parse(line)) });
    const cache = { hits: 0, misses: 0 };
    const stop = reportCacheMetrics(() => ({ cache: { ...cache } }), logger, 60_000);
    cache.hits = 90;
    cache.misses = 10;
    vi.advanceTimersByTime(60_000);
    vi.advanceTimersByTime(60_000); // a quiet minute: no line
    cache.hits = 93;
    cache.misses = 19;
    stop();
    expect(
      lines.map(({ cacheHits, cacheMisses, cacheHitRatio }) => ({ cacheHits, cacheMisses, cacheHitRatio })),
    ).toEqual([
      { cacheHits: 90, cacheMisses: 10, cacheHitRatio: 90 },
      { cacheHits: 3, cacheMisses: 9, cacheHitRatio: 25 },
    ]);
    expect(lines[0]).toHaveProperty('_aws.CloudWatchMetrics');
  });
});
