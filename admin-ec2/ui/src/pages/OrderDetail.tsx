import { useEffect, useState } from 'preact/hooks';
import { formatMoney } from '../../../../web/src/lib/money';
import { useStore } from '../../../../web/src/lib/store';
import { ApiError, adminApi } from '../api/admin-api';
import type { OrderDetail } from '../api/types';
import { Money, PageHeader, Problem, StatusBadge, When } from '../components/bits';
import { type OrderAction, OrderActionDialog } from '../components/OrderActions';
import { allowed, meStore } from '../lib/session';
import { useTitle } from '../lib/title';

function useOrder(id: string) {
  const [detail, setDetail] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    adminApi<OrderDetail>(`/admin/api/orders/${encodeURIComponent(id)}`, { signal: controller.signal })
      .then(setDetail)
      .catch((caught: unknown) => {
        if (caught instanceof ApiError) setError(caught);
      });
    return () => controller.abort();
  }, [id, attempt]);
  return { detail, setDetail, error, reload: () => setAttempt((n) => n + 1) };
}

const eventText = (data: unknown) => {
  if (data === null || data === undefined) return '';
  if (typeof data !== 'object') return String(data);
  return Object.entries(data as Record<string, unknown>)
    .filter(([, value]) => value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
};

export function OrderPage({ id }: { id: string }) {
  useTitle(`Order ${id}`);
  const me = useStore(meStore);
  const { detail, setDetail, error, reload } = useOrder(id);
  const [action, setAction] = useState<OrderAction | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (error)
    return error.status === 404 && !error.code?.startsWith('HTTP.') ? (
      <section class="empty-state">
        <h1>There is no order {id}</h1>
        <p>
          Check the order number, or find it in the <a href="/admin/orders">order list</a>.
        </p>
      </section>
    ) : (
      <Problem error={error} onRetry={reload} />
    );
  if (!detail)
    return (
      <section aria-busy="true">
        <PageHeader title={`Order ${id}`} />
        <div class="skeleton skeleton-chart" aria-hidden="true" />
      </section>
    );

  const { order, customer, events, payments, actions } = detail;
  const fulfil = allowed(me, 'orders:fulfil');
  const refund = allowed(me, 'orders:refund');
  const buttons: { action: OrderAction; label: string; show: boolean }[] = [
    { action: 'ship', label: 'Ship', show: fulfil && actions.ship },
    { action: 'deliver', label: 'Mark delivered', show: fulfil && actions.deliver },
    { action: 'cancel', label: 'Cancel order', show: fulfil && actions.cancel },
    {
      action: 'refund',
      label: 'Refund',
      show: refund && actions.refundable !== null && actions.refundable.amount > 0,
    },
  ];
  const address = order.shippingAddress;
  return (
    <section>
      <PageHeader title={`Order ${order.id}`}>
        <StatusBadge status={order.status} />
      </PageHeader>
      <p>
        <a href="/admin/orders">Back to orders</a>
      </p>
      {message && (
        <p class="notice notice-success" role="status">
          {message}
        </p>
      )}
      <div class="action-bar">
        {buttons
          .filter((b) => b.show)
          .map((b) => (
            <button
              key={b.action}
              type="button"
              class={`button${b.action === 'cancel' ? ' button-danger' : b.action === 'ship' ? '' : ' button-secondary'}`}
              onClick={() => setAction(b.action)}
            >
              {b.label}
            </button>
          ))}
        {actions.refundable && actions.refundable.amount > 0 && refund && (
          <p class="muted">Up to {formatMoney(actions.refundable)} can still be refunded.</p>
        )}
      </div>
      <div class="detail-grid">
        <section class="panel" aria-labelledby="order-summary">
          <h2 id="order-summary">Summary</h2>
          <dl class="facts">
            <dt>Placed</dt>
            <dd>
              <When at={order.createdAt} />
            </dd>
            <dt>Customer</dt>
            <dd>
              {customer ? (
                <a href={`/admin/customers/${encodeURIComponent(customer.id)}`}>
                  {customer.name ? `${customer.name} (${customer.email})` : customer.email}
                </a>
              ) : (
                '—'
              )}
            </dd>
            <dt>Total</dt>
            <dd>
              <Money value={order.total} />
            </dd>
            <dt>Refunded</dt>
            <dd>
              <Money value={order.refunded} />
            </dd>
            <dt>Shipment</dt>
            <dd>
              {order.fulfilment.carrier
                ? `${order.fulfilment.carrier}, tracking ${order.fulfilment.trackingNumber}`
                : 'Not shipped yet'}
            </dd>
            <dt>Ship to</dt>
            <dd>
              {address
                ? Object.values(address)
                    .filter((part) => typeof part === 'string' && part)
                    .join(', ')
                : '—'}
            </dd>
          </dl>
        </section>
        <section class="panel" aria-labelledby="order-payments">
          <h2 id="order-payments">Payments</h2>
          {payments.length === 0 ? (
            <p class="muted">No payments.</p>
          ) : (
            <ul class="plain-list">
              {payments.map((p, index) => (
                <li key={index}>
                  <strong>{p.kind === 'refund' ? 'Refund' : 'Charge'}</strong> <Money value={p.amount} />{' '}
                  <span class="muted">
                    {p.status.toLowerCase()}, <When at={p.at} />
                    {p.reference ? `, ref ${p.reference}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <h2>Lines</h2>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Order lines</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">SKU</th>
              <th scope="col" class="num">
                Quantity
              </th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col" class="num">
                Line total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.sku}>
                <td>{line.name}</td>
                <td>
                  <code>{line.sku}</code>
                </td>
                <td class="num">{line.quantity}</td>
                <td class="num">
                  <Money value={line.unitPrice} />
                </td>
                <td class="num">
                  <Money value={line.lineTotal} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>History</h2>
      <ol class="timeline">
        {events.map((event, index) => (
          <li key={index}>
            <When at={event.at} /> <strong>{event.type}</strong>{' '}
            <span class="muted small">{eventText(event.data)}</span>
          </li>
        ))}
      </ol>
      <OrderActionDialog
        action={action}
        detail={detail}
        onClose={() => setAction(null)}
        onDone={(next, text) => {
          setAction(null);
          setDetail(next);
          setMessage(text);
        }}
      />
    </section>
  );
}
