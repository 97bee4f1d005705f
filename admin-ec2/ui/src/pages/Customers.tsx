import { useApi } from '../../../../web/src/lib/use-api';
import { adminApi, withQuery } from '../api/admin-api';
import type { CustomerDetail, CustomerRow } from '../api/types';
import { Money, PageHeader, Problem, StatusBadge, When } from '../components/bits';
import { FilterForm, FilterInput, PagedTable } from '../components/ListPage';
import { useFilters } from '../lib/filters';
import { useTitle } from '../lib/title';
import { usePages } from '../lib/use-pages';

const addressText = (address: Record<string, unknown>) =>
  Object.entries(address)
    .filter(([key, value]) => key !== 'id' && typeof value === 'string' && value)
    .map(([, value]) => value)
    .join(', ');

/** Customers, newest first, or found by email or name prefix. */
export function CustomersPage() {
  useTitle('Customers');
  const filters = useFilters(['q'] as const);
  const pages = usePages<CustomerRow>(
    withQuery('/admin/api/customers', { q: filters.applied.q.trim(), limit: 50 }),
  );
  return (
    <section>
      <PageHeader title="Customers" />
      <FilterForm label="Find customers" submit="Search" filters={filters}>
        <FilterInput
          id="customers-q"
          label="Email or name starts with"
          type="search"
          value={filters.draft.q}
          onInput={(value) => filters.set('q', value)}
        />
      </FilterForm>
      <PagedTable
        caption="Customers"
        pages={pages}
        columns={['Email', 'Name', { num: 'Orders' }, { num: 'Spent' }, 'Since']}
        empty={
          filters.applied.q
            ? `No customer's email or name starts with “${filters.applied.q}”.`
            : 'No customers yet.'
        }
        row={(customer) => (
          <tr key={customer.id}>
            <td>
              <a href={`/admin/customers/${encodeURIComponent(customer.id)}`}>{customer.email}</a>
            </td>
            <td>{customer.name}</td>
            <td class="num">{customer.orders}</td>
            <td class="num">
              <Money value={customer.spent} />
            </td>
            <td>
              <When at={customer.createdAt} />
            </td>
          </tr>
        )}
      />
    </section>
  );
}

export function CustomerPage({ id }: { id: string }) {
  const url = `/admin/api/customers/${encodeURIComponent(id)}`;
  const state = useApi<CustomerDetail>(url, (signal) => adminApi(url, { signal }));
  const detail = state.data;
  useTitle(detail?.customer.email ?? 'Customer');
  if (state.error && !detail) return <Problem error={state.error} onRetry={state.reload} />;
  if (!detail)
    return (
      <section aria-busy="true">
        <PageHeader title="Customer" />
        <div class="skeleton skeleton-chart" aria-hidden="true" />
      </section>
    );
  const { customer, orders, addresses } = detail;
  return (
    <section>
      <PageHeader title={customer.name || customer.email} />
      <p>
        <a href="/admin/customers">Back to customers</a>
      </p>
      <div class="detail-grid">
        <dl class="facts panel">
          <dt>Email</dt>
          <dd>{customer.email}</dd>
          <dt>Customer id</dt>
          <dd>
            <code>{customer.id}</code>
          </dd>
          <dt>Since</dt>
          <dd>
            <When at={customer.createdAt} />
          </dd>
        </dl>
        <section class="panel" aria-labelledby="customer-addresses">
          <h2 id="customer-addresses">Addresses</h2>
          {addresses.length === 0 ? (
            <p class="muted">No saved addresses.</p>
          ) : (
            <ul class="plain-list">
              {addresses.map((address) => (
                <li key={address.id}>{addressText(address)}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <h2>Newest orders</h2>
      <ul class="plain-list">
        {orders.map((order) => (
          <li key={order.id}>
            <a href={`/admin/orders/${encodeURIComponent(order.id)}`}>{order.id}</a>{' '}
            <When at={order.createdAt} /> <StatusBadge status={order.status} /> <Money value={order.total} />
          </li>
        ))}
        {orders.length === 0 && <li class="muted">No orders yet.</li>}
      </ul>
      {orders.length >= 20 && (
        <p>
          <a href={`/admin/orders?customer=${encodeURIComponent(customer.id)}`}>
            All orders of this customer
          </a>
        </p>
      )}
    </section>
  );
}
