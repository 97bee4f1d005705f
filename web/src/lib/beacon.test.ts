import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Beacon } from './beacon';

describe('shopper event beacon', () => {
  const sent: { url: string; body: { sessionId: string; events: { type: string; productId: string }[] } }[] =
    [];
  const transport = {
    send: (url: string, body: string) => {
      sent.push({ url, body: JSON.parse(body) });
      return true;
    },
  };
  beforeEach(() => {
    sent.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('batches events and sends them once, 5 s after the first', () => {
    const beacon = new Beacon(transport, 'session-1234567890ab');
    beacon.track('product_view', 'prd_A');
    beacon.track('add_to_cart', 'prd_A');
    vi.advanceTimersByTime(4_999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([
      {
        url: '/api/events',
        body: {
          sessionId: 'session-1234567890ab',
          events: [
            expect.objectContaining({ type: 'product_view', productId: 'prd_A' }),
            expect.objectContaining({ type: 'add_to_cart', productId: 'prd_A' }),
          ],
        },
      },
    ]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(1);
  });

  it('sends at once when a batch is full (50, what the endpoint takes), and the rest on flush', () => {
    const beacon = new Beacon(transport, 'session-1234567890ab');
    for (let i = 0; i < 53; i++) beacon.track('product_view', `prd_${i}`);
    expect(sent.map((s) => s.body.events.length)).toEqual([50]);
    beacon.flush();
    expect(sent.map((s) => s.body.events.length)).toEqual([50, 3]);
    beacon.flush();
    expect(sent).toHaveLength(2);
  });
});
