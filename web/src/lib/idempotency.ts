/** The part of Storage (sessionStorage in the browser) the checkout attempt needs; tests pass a Map-backed one. */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Whether an answer to POST /api/checkout settles the attempt. Anything the server decided (an order, a decline,
 * out of stock, a bad field, no session) is definitive: the next click is a new attempt with a new key. A network
 * failure, a timeout, a rate limit or a server error may hide an order the server did make, so the key is kept and
 * the retry replays it: the server answers a repeated key with its first answer, never with a second order.
 */
export function isDefinitive(status: number | 'network'): boolean {
  if (status === 'network') return false;
  if (status === 408 || status === 429) return false;
  return status < 500;
}

const STORAGE_KEY = 'shop.checkout.idempotencyKey';

/**
 * One checkout attempt's Idempotency-Key: made when the shopper first presses "Place order", kept (also across a
 * reload, in session storage) until a definitive answer, so double clicks and retries after a network error all
 * carry the same key and can make at most one order.
 */
export class CheckoutAttempt {
  constructor(
    private readonly storage: KeyStorage | null,
    private readonly newKey: () => string = () => crypto.randomUUID(),
  ) {}

  private memory: string | null = null;

  /** The key of the attempt in progress, if any. */
  get current(): string | null {
    try {
      return this.storage?.getItem(STORAGE_KEY) ?? this.memory;
    } catch {
      return this.memory;
    }
  }

  /** The key to send now: the unsettled attempt's, or a new one. */
  begin(): string {
    const existing = this.current;
    if (existing) return existing;
    const key = this.newKey();
    this.memory = key;
    try {
      this.storage?.setItem(STORAGE_KEY, key);
    } catch {
      // Storage can be full or disabled (private mode): the key still lives for this page.
    }
    return key;
  }

  /** Records the answer: a definitive one ends the attempt (the next press makes a new key). */
  settle(status: number | 'network'): void {
    if (isDefinitive(status)) this.clear();
  }

  clear(): void {
    this.memory = null;
    try {
      this.storage?.removeItem(STORAGE_KEY);
    } catch {
      // Nothing to do: the memory copy is gone.
    }
  }
}

/** Session storage when the browser offers it (it throws in some privacy modes). */
export function sessionKeyStorage(): KeyStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
