import { describe, expect, it } from 'vitest';
import { BreakerOpen, CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('opens after repeated failures, refuses without calling, then lets one trial through', async () => {
    let clock = 0;
    const breaker = new CircuitBreaker({ failures: 3, openMs: 5000, timeoutMs: 100 }, () => clock);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('down');
    };
    for (let i = 0; i < 3; i++) await expect(breaker.run(failing)).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    await expect(breaker.run(failing)).rejects.toBeInstanceOf(BreakerOpen);
    expect(calls).toBe(3);
    clock = 5001;
    expect(breaker.state).toBe('half-open');
    await expect(breaker.run(async () => 'back')).resolves.toBe('back');
    expect(breaker.state).toBe('closed');
  });

  it('bounds a call that never answers and aborts it', async () => {
    const breaker = new CircuitBreaker({ failures: 5, openMs: 1000, timeoutMs: 50 });
    let aborted = false;
    const started = performance.now();
    await expect(
      breaker.run(
        (signal) =>
          new Promise(() => {
            signal.addEventListener('abort', () => {
              aborted = true;
            });
          }),
      ),
    ).rejects.toThrow(/within 50 ms/);
    expect(performance.now() - started).toBeLessThan(500);
    expect(aborted).toBe(true);
  });
});
