/**
 * A best-effort key/value cache. Adapters never throw: an unreachable or slow cache answers `null` to reads
 * and drops writes, so the caller falls back to the source of truth.
 */
export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
}
