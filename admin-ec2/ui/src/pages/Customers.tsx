import { useApi } from '../../../../web/src/lib/use-api';
import { adminApi, withQuery } from '../api/admin-api';
import type { CustomerDetail, CustomerRow, OrderRow } from '../api/types';
import { LoadMore, Money, PageHeader, Problem, SkeletonRows, StatusBadge, When } from '../components/bits';
import { useFilters } from '../lib/filters';
import { useTitle } from '../lib/title';
import { usePages } from '../lib/use-pages';

/** Customers found by email or name; nothing is listed until the operator searches. */
export function CustomersPage() {
  useTitle('Customers');
  const filters = useFilters(['q'] as const);
  const searched = filters.applied.q.trim() !== '';
  const pages = usePages<CustomerRow>(
    searched ? withQuery('/admin/api/customers', { q: filters.applied.q, limit: 50 }) : null,
  );
  return (
    <section>
      <PageHeader title="Customers" />
      <form
        class="filters"
        aria-label="Find customers"
        onSubmit={(event) => {
          event.preventDefault();
          filters.apply();
        }}
      >
        <div class="field">
          <label for="customers-q">Email, name or customer id</label>
          <input
            id="customers-q"
            type="search"
            value={filters.draft.q}
            onInput={(e) => filters.set('q', e.currentTarget.value)}
          />
        </div>
        <div class="filter-buttons">
          <button type="submit" class="button">
            Search
          </button>
        </div>
      </form>
      {!searched ? (
        <p class="muted">Search by email address, name or customer id.</p>
      ) : (
        <>
          {pages.error && <Problem error={pages.error} onRetry={pages.reload} />}
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Customers</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              {pages.loading ? (
                <SkeletonRows columns={3} />
              ) : (
                <tbody>
                  {pages.items.length === 0 && !pages.error && (
                    <tr>
                      <td colSpan={3}>No customer matches “{filters.applied.q}”.</td>
                    </tr>
                  )}
                  {pages.items.map((customer) => (
                    <tr key={customer.id}>
                      <td>
                        <a href={`/admin/customers/${encodeURIComponent(customer.id)}`}>{customer.email}</a>
                      </td>
                      <td>{customer.name ?? ''}</td>
                      <td>
                        <When at={customer.createdAt} />
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
        </>
      )}
    </section>
  );
}

export function CustomerPage({ id }: { id: string }) {
  const url = `/admin/api/customers/${encodeURIComponent(id)}`;
  const state = useApi<CustomerDetail>(url, (signal) => adminApi(url, { signal }));
  const customer = state.data?.customer;
  useTitle(customer?.email ?? 'Customer');
  const orders = usePages<OrderRow>(withQuery('/admin/api/orders', { customer: id, limit: 20 }));
  if (state.error && !state.data) return <Problem error={state.error} onRetry={state.reload} />;
  return (
    <section aria-busy={state.loading ? 'true' : undefined}>
      <PageHeader title={customer?.email ?? 'Customer'} />
      <p>
        <a href="/admin/customers">Back to customers</a>
      </p>
      {customer ? (
        <dl class="facts panel">
          <dt>Name</dt>
          <dd>{customer.name ?? '—'}</dd>
          <dt>Customer id</dt>
          <dd>
            <code>{customer.id}</code>
          </dd>
          <dt>Since</dt>
          <dd>
            <When at={customer.createdAt} />
          </dd>
          {customer.orderCount !== undefined && (
            <>
              <dt>Orders</dt>
              <dd>{customer.orderCount}</dd>
            </>
          )}
          {customer.totalSpent && (
            <>
              <dt>Spent</dt>
              <dd>
                <Money value={customer.totalSpent} />
              </dd>
            </>
          )}
        </dl>
      ) : (
        <div class="skeleton skeleton-chart" aria-hidden="true" />
      )}
      <h2>Orders</h2>
      {orders.error && <Problem error={orders.error} onRetry={orders.reload} />}
      <ul class="plain-list">
        {orders.items.map((order) => (
          <li key={order.id}>
            <a href={`/admin/orders/${encodeURIComponent(order.id)}`}>{order.id}</a>{' '}
            <When at={order.createdAt} /> <StatusBadge status={order.status} /> <Money value={order.total} />
          </li>
        ))}
        {!orders.loading && orders.items.length === 0 && !orders.error && (
          <li class="muted">No orders yet.</li>
        )}
      </ul>
      <LoadMore
        hasMore={orders.hasMore}
        loading={orders.loadingMore}
        onClick={orders.loadMore}
        count={orders.items.length}
      />
    </section>
  );
}
