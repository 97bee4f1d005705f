/**
 * Stops piling calls onto a dependency that keeps failing: after `failures` failures in a row it opens and refuses
 * calls at once for `openMs`; then one trial call is let through (half-open): success closes it, failure opens it
 * again. Every call is bounded by `timeoutMs` and aborted through its signal.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(
    private readonly settings: { failures: number; openMs: number; timeoutMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until a call may be tried again (0 when closed). */
  retryAfterSeconds(): number {
    return Math.max(0, Math.ceil((this.openUntil - this.now()) / 1000));
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.consecutiveFailures < this.settings.failures) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Runs `call`, or rejects with `BreakerOpen` without calling it while the breaker is open. */
  async run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight))
      throw new BreakerOpen(this.retryAfterSeconds() || 1);
    const trial = state === 'half-open';
    if (trial) this.trialInFlight = true;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        call(controller.signal),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(new Error(`no answer within ${this.settings.timeoutMs} ms`));
          }, this.settings.timeoutMs);
        }),
      ]);
      this.consecutiveFailures = 0;
      return result;
    } catch (error) {
      this.consecutiveFailures++;
      if (this.consecutiveFailures >= this.settings.failures)
        this.openUntil = this.now() + this.settings.openMs;
      throw error;
    } finally {
      clearTimeout(timer);
      if (trial) this.trialInFlight = false;
    }
  }
}

export class BreakerOpen extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`not called: the dependency failed repeatedly; try again in ${retryAfterSeconds} s`);
    this.name = 'BreakerOpen';
  }
}
