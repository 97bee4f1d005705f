import { describe, expect, it } from 'vitest';
import { CheckoutAttempt, isDefinitive, type KeyStorage } from './idempotency';

const memoryStorage = (): KeyStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
};

const counter = () => {
  let n = 0;
  return () => `key-${++n}`;
};

describe('checkout attempt', () => {
  it('keeps one key for double clicks and retries until a definitive answer', () => {
    const attempt = new CheckoutAttempt(memoryStorage(), counter());
    expect(attempt.current).toBeNull();
    const first = attempt.begin();
    expect(attempt.begin()).toBe(first); // a second click while the first is in flight
    attempt.settle('network');
    expect(attempt.begin()).toBe(first); // retry after a lost connection
    attempt.settle(503);
    attempt.settle(500);
    attempt.settle(429);
    expect(attempt.begin()).toBe(first);
    attempt.settle(201);
    expect(attempt.current).toBeNull();
    expect(attempt.begin()).toBe('key-2');
  });

  it('starts a new attempt after a decline, out of stock, a pending order or a lost session', () => {
    for (const status of [402, 409, 202, 401, 400, 422]) {
      const attempt = new CheckoutAttempt(memoryStorage(), counter());
      attempt.begin();
      attempt.settle(status);
      expect(attempt.begin()).toBe('key-2');
    }
  });

  it('survives a reload through storage', () => {
    const storage = memoryStorage();
    const key = new CheckoutAttempt(storage, counter()).begin();
    const reloaded = new CheckoutAttempt(storage, () => 'other');
    expect(reloaded.begin()).toBe(key);
    reloaded.settle(201);
    expect(storage.data.size).toBe(0);
  });

  it('works without storage and makes UUIDs by default', () => {
    const attempt = new CheckoutAttempt(null);
    const key = attempt.begin();
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempt.begin()).toBe(key);
  });

  it('classifies answers', () => {
    expect(isDefinitive('network')).toBe(false);
    expect(isDefinitive(502)).toBe(false);
    expect(isDefinitive(201)).toBe(true);
    expect(isDefinitive(404)).toBe(true);
  });
});
