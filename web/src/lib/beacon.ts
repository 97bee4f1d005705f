/**
 * What the shopper looked at and put in the cart, reported for the shop's funnel: anonymous (a random id for this
 * visit, kept in sessionStorage; no user, no cookie), batched, and sent with sendBeacon so that leaving the page does
 * not lose the last events nor hold the page up. Losing an event now and then is fine; slowing the shop is not.
 */
export type ShopperEventType = 'product_view' | 'add_to_cart';

interface QueuedEvent {
  type: ShopperEventType;
  productId: string;
  at: string;
}

export interface BeaconTransport {
  /** true if the browser took the batch. */
  send(url: string, body: string): boolean;
}

const ENDPOINT = '/api/events';
/** The endpoint takes at most 50 per batch. */
const MAX_BATCH = 50;
const FLUSH_AFTER_MS = 5_000;
const SESSION_KEY = 'shop.events.session';

const browserTransport: BeaconTransport = {
  send(url, body) {
    const blob = new Blob([body], { type: 'application/json' });
    if (navigator.sendBeacon?.(url, blob)) return true;
    fetch(url, {
      method: 'POST',
      body,
      keepalive: true,
      headers: { 'content-type': 'application/json' },
    }).catch(() => {});
    return true;
  },
};

const randomSessionId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
};

export class Beacon {
  private queue: QueuedEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly transport: BeaconTransport,
    private readonly sessionId: string,
  ) {}

  track(type: ShopperEventType, productId: string): void {
    this.queue.push({ type, productId, at: new Date().toISOString() });
    if (this.queue.length >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0) {
      const events = this.queue.splice(0, MAX_BATCH);
      this.transport.send(ENDPOINT, JSON.stringify({ sessionId: this.sessionId, events }));
    }
  }
}

let shared: Beacon | null = null;

function sessionId(): string {
  try {
    const known = sessionStorage.getItem(SESSION_KEY);
    if (known) return known;
    const fresh = randomSessionId();
    sessionStorage.setItem(SESSION_KEY, fresh);
    return fresh;
  } catch {
    return randomSessionId();
  }
}

/** Records a view or an add to cart; sent within 5 s, or when the page is hidden or left. */
export function trackShopperEvent(type: ShopperEventType, productId: string): void {
  if (typeof window === 'undefined') return;
  if (!shared) {
    const beacon = new Beacon(browserTransport, sessionId());
    shared = beacon;
    addEventListener('pagehide', () => beacon.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') beacon.flush();
    });
  }
  shared.track(type, productId);
}
