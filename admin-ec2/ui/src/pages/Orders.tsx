import { ORDER_STATUSES } from '../../../../domain/orders/order.js';
import { withQuery } from '../api/admin-api';
import type { OrderRow } from '../api/types';
import { LoadMore, Money, PageHeader, Problem, SkeletonRows, StatusBadge, When } from '../components/bits';
import { useFilters } from '../lib/filters';
import { useTitle } from '../lib/title';
import { usePages } from '../lib/use-pages';

const KEYS = ['status', 'from', 'to', 'customer'] as const;

/** Orders, newest first, filtered by status, date range (from and to included) and customer. */
export function OrdersPage() {
  useTitle('Orders');
  const filters = useFilters(KEYS);
  const pages = usePages<OrderRow>(withQuery('/admin/api/orders', { ...filters.applied, limit: 50 }));
  const input = (key: 'from' | 'to', label: string) => (
    <div class="field">
      <label for={`orders-${key}`}>{label}</label>
      <input
        id={`orders-${key}`}
        type="date"
        value={filters.draft[key]}
        onInput={(e) => filters.set(key, e.currentTarget.value)}
      />
    </div>
  );
  return (
    <section>
      <PageHeader title="Orders" />
      <form
        class="filters"
        aria-label="Filter orders"
        onSubmit={(event) => {
          event.preventDefault();
          filters.apply();
        }}
      >
        <div class="field">
          <label for="orders-status">Status</label>
          <select
            id="orders-status"
            value={filters.draft.status}
            onChange={(e) => filters.set('status', e.currentTarget.value)}
          >
            <option value="">Any</option>
            {ORDER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        {input('from', 'Placed from')}
        {input('to', 'Placed to (included)')}
        <div class="field">
          <label for="orders-customer">Customer email or id</label>
          <input
            id="orders-customer"
            value={filters.draft.customer}
            onInput={(e) => filters.set('customer', e.currentTarget.value)}
          />
        </div>
        <div class="filter-buttons">
          <button type="submit" class="button">
            Filter
          </button>
          <button type="button" class="button button-secondary" onClick={filters.clear}>
            Clear
          </button>
        </div>
      </form>
      {pages.error && <Problem error={pages.error} onRetry={pages.reload} />}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Lines
              </th>
              <th scope="col" class="num">
                Total
              </th>
            </tr>
          </thead>
          {pages.loading ? (
            <SkeletonRows columns={6} />
          ) : (
            <tbody>
              {pages.items.length === 0 && !pages.error && (
                <tr>
                  <td colSpan={6}>No orders match these filters.</td>
                </tr>
              )}
              {pages.items.map((order) => (
                <tr key={order.id}>
                  <td>
                    <a href={`/admin/orders/${encodeURIComponent(order.id)}`}>{order.id}</a>
                  </td>
                  <td>
                    <When at={order.createdAt} />
                  </td>
                  <td>
                    <a href={`/admin/customers/${encodeURIComponent(order.customer.id)}`}>
                      {order.customer.email}
                    </a>
                  </td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td class="num">{order.lineCount}</td>
                  <td class="num">
                    <Money value={order.total} />
                    {order.refunded && order.refunded.amount > 0 && (
                      <span class="small muted">
                        {' '}
                        (<Money value={order.refunded} /> refunded)
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          )}
        </table>
      </div>
      <LoadMore
        hasMore={pages.hasMore}
        loading={pages.loadingMore}
        onClick={pages.loadMore}
        count={pages.items.length}
      />
    </section>
  );
}
