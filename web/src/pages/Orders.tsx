import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api/http';
import { cartAfterOrder } from '../api/shop';
import type { Order, OrderStatus } from '../api/types';
import { ErrorNotice, Loading, Price } from '../components/bits';
import { countryName } from '../lib/address';
import { handleUnauthorized, useSignedIn } from '../lib/auth';
import { useHead } from '../lib/head';
import { formatMoney, formatRate, sumMoney } from '../lib/money';
import { useLocation } from '../lib/router';
import { useApi } from '../lib/use-api';
import { NotFound } from './NotFound';

const STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING: 'Waiting for payment',
  CONFIRMED: 'Confirmed',
  FAILED: 'Payment failed',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = (iso: string) => dateFormat.format(new Date(iso));
const shortId = (id: string) => id.slice(-8).toUpperCase();

function StatusBadge({ status }: { status: OrderStatus }) {
  return <span class={`status status-${status.toLowerCase()}`}>{STATUS_LABEL[status] ?? status}</span>;
}

/** Where the parcel is, or why there is none: shipped with its tracking, delivered, or cancelled and refunded. */
function FulfilmentNote({ order }: { order: Order }) {
  const f = order.fulfilment;
  if (order.status === 'CANCELLED')
    return <p class="muted">This order was cancelled. Anything you paid goes back to your card.</p>;
  if (!f?.shippedAt) return null;
  return (
    <p>
      {f.deliveredAt ? `Delivered ${date(f.deliveredAt)}. ` : ''}
      Shipped {date(f.shippedAt)}
      {f.carrier ? ` with ${f.carrier}` : ''}
      {f.trackingNumber ? `, tracking number ${f.trackingNumber}` : ''}.
    </p>
  );
}

export function OrdersPage() {
  useHead('Your orders', 'Every order you have placed, newest first.');
  const user = useSignedIn('Log in to see your orders.');
  const { data, error, reload } = useApi<{ items: Order[] }>(user ? '/api/orders' : null);
  useEffect(() => {
    if (error) handleUnauthorized(error);
  }, [error]);

  return (
    <section>
      <h1>Your orders</h1>
      {error && error.status !== 401 && <ErrorNotice error={error} onRetry={reload} />}
      {!data && !error && (
        <>
          <Loading label="Loading your orders…" />
          <div class="skeleton-block orders-skeleton" aria-hidden="true" />
        </>
      )}
      {data && data.items.length === 0 && (
        <div class="empty-state">
          <p>You have not ordered anything yet.</p>
          <p>
            <a class="button" href="/">
              Start shopping
            </a>
          </p>
        </div>
      )}
      {data && data.items.length > 0 && (
        <table class="orders">
          <caption class="visually-hidden">Your orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col" class="numeric">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((order) => (
              <tr key={order.id}>
                <th scope="row">
                  {/* Named in full without a hidden span first: pointers and assistive tech that aim at a link's
                      first box (Playwright, some touch screen readers) would hit the 1 px span, not the text. */}
                  <a href={`/orders/${order.id}`} aria-label={`Order #${shortId(order.id)}`}>
                    #{shortId(order.id)}
                  </a>{' '}
                  {/* With the order, not in a column of its own: four columns do not fit a 360 px phone. */}
                  <StatusBadge status={order.status} />
                </th>
                <td>{date(order.createdAt)}</td>
                <td class="numeric">
                  <Price value={order.total} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** How long to wait before asking again about a PENDING order: quick at first, then calmer, then stop. */
export function pollDelay(elapsedMs: number): number | null {
  if (elapsedMs < 20_000) return 2_000;
  if (elapsedMs < 180_000) return 5_000;
  return null;
}

export function OrderPage({ id }: { id: string }) {
  const location = useLocation();
  const placed = location.query.get('placed') === '1';
  const user = useSignedIn('Log in to see this order.');
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const [round, setRound] = useState(0);
  const started = useRef(Date.now());
  const heading = useRef<HTMLHeadingElement>(null);

  useHead(
    order ? `Order #${shortId(order.id)}` : 'Order',
    'Your order: what you bought, where it goes, and what you paid.',
  );

  useEffect(() => {
    if (!user) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const fetchOnce = async () => {
      try {
        const fresh = await api<Order>(`/api/orders/${encodeURIComponent(id)}`);
        if (stopped) return;
        setError(null);
        setOrder((previous) => {
          // Once decided, the cart on the server has changed (bought lines leave it): refresh the header's count.
          if (previous?.status === 'PENDING' && fresh.status !== 'PENDING') cartAfterOrder(fresh);
          return fresh;
        });
        if (fresh.status === 'PENDING') {
          const delay = pollDelay(Date.now() - started.current);
          if (delay === null) setGaveUp(true);
          else timer = setTimeout(fetchOnce, delay);
        }
      } catch (caught) {
        if (stopped || handleUnauthorized(caught)) return;
        const apiError = caught as ApiError;
        setError(apiError);
        // A lost connection while waiting for the bank: keep asking, calmly.
        if (apiError.retryable) {
          const delay = pollDelay(Date.now() - started.current);
          if (delay !== null) timer = setTimeout(fetchOnce, delay);
        }
      }
    };
    fetchOnce();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [user?.id, id, round]);

  useEffect(() => {
    if (placed && order) heading.current?.focus();
  }, [placed, order?.status]);

  if (error instanceof ApiError && error.isNotFound('path.id')) return <NotFound what="order" />;
  if (!order) {
    return (
      <section>
        <h1>Order</h1>
        {error ? (
          <ErrorNotice error={error} onRetry={() => setRound((n) => n + 1)} />
        ) : (
          <Loading label="Loading your order…" />
        )}
        <div class="skeleton-block order-skeleton" aria-hidden="true" />
      </section>
    );
  }

  const subtotal =
    order.subtotal ??
    sumMoney(
      order.lines.map((line) => line.lineTotal),
      order.total.currency,
    );
  const address = order.shippingAddress;
  return (
    <section class="order">
      {placed && (
        <div class={`confirmation confirmation-${order.status.toLowerCase()}`} aria-live="polite">
          <h1 ref={heading} tabIndex={-1}>
            {order.status === 'PENDING'
              ? 'Your order is waiting for the bank'
              : order.status === 'FAILED'
                ? 'Your payment did not go through'
                : 'Thank you! Your order is confirmed.'}
          </h1>
          {order.status === 'PENDING' && (
            <p>
              The payment has not been decided yet. This page checks again by itself
              {gaveUp ? '' : ' every few seconds'}; you can also leave and find the order under Orders later.
              You will not be charged twice.
            </p>
          )}
          {order.status === 'PENDING' && gaveUp && (
            <p>
              Still waiting.{' '}
              <button
                type="button"
                class="button button-secondary"
                onClick={() => {
                  started.current = Date.now();
                  setGaveUp(false);
                  setRound((n) => n + 1);
                }}
              >
                Check again
              </button>
            </p>
          )}
          {order.status === 'FAILED' && (
            <p>
              Nothing was charged and your cart is kept. <a href="/checkout">Try again with another card</a>.
            </p>
          )}
          {order.status === 'CONFIRMED' && <p>We have your order and will send it on its way.</p>}
        </div>
      )}
      {error && <ErrorNotice error={error} onRetry={() => setRound((n) => n + 1)} />}
      <div class="order-head">
        {placed ? <h2>Order #{shortId(order.id)}</h2> : <h1>Order #{shortId(order.id)}</h1>}
        <p>
          Placed {date(order.createdAt)} · <StatusBadge status={order.status} />
        </p>
        <FulfilmentNote order={order} />
      </div>
      <div class="order-layout">
        <section class="panel" aria-labelledby="order-items">
          <h2 id="order-items">Items</h2>
          {/* The checkout summary's list rather than a four-column table, which made the page wider than a phone. */}
          <ul class="summary-lines" aria-label="Products in this order">
            {order.lines.map((line) => (
              <li key={line.sku} class="summary-row">
                <span>
                  {line.name}{' '}
                  <span class="muted">
                    × {line.quantity} at {formatMoney(line.unitPrice)}
                  </span>
                </span>
                <Price value={line.lineTotal} />
              </li>
            ))}
          </ul>
          <dl class="totals">
            <div class="summary-row">
              <dt>Subtotal</dt>
              <dd>
                <Price value={subtotal} />
              </dd>
            </div>
            {order.shipping && (
              <div class="summary-row">
                <dt>Shipping ({order.shipping.method})</dt>
                <dd>
                  {order.shipping.amount.amount === 0 ? 'Free' : <Price value={order.shipping.amount} />}
                </dd>
              </div>
            )}
            {order.tax && (
              <div class="summary-row">
                <dt>Tax ({formatRate(order.tax.rate)})</dt>
                <dd>
                  <Price value={order.tax.amount} />
                </dd>
              </div>
            )}
            <div class="summary-row summary-total">
              <dt>Total</dt>
              <dd>
                <Price value={order.total} />
              </dd>
            </div>
            {order.refunded && order.refunded.amount > 0 && (
              <div class="summary-row">
                <dt>Refunded to your card</dt>
                <dd>
                  −<Price value={order.refunded} />
                </dd>
              </div>
            )}
          </dl>
        </section>
        <section class="panel" aria-labelledby="order-address">
          <h2 id="order-address">Shipping to</h2>
          {address ? (
            <address>
              {address.name}
              <br />
              {address.line1}
              {address.line2 && (
                <>
                  <br />
                  {address.line2}
                </>
              )}
              <br />
              {address.postalCode} {address.city}
              {address.region ? `, ${address.region}` : ''}
              <br />
              {countryName(address.country)}
            </address>
          ) : (
            <p class="muted">No shipping address was recorded for this order.</p>
          )}
        </section>
      </div>
      <p>
        <a href="/orders">All your orders</a>
      </p>
    </section>
  );
}
