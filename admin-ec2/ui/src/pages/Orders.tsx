import { ORDER_STATUSES } from '../../../../domain/orders/order.js';
import { withQuery } from '../api/admin-api';
import type { OrderRow } from '../api/types';
import { Money, PageHeader, StatusBadge, When } from '../components/bits';
import { FilterForm, FilterInput, FilterSelect, PagedTable } from '../components/ListPage';
import { useFilters } from '../lib/filters';
import { useTitle } from '../lib/title';
import { usePages } from '../lib/use-pages';

const KEYS = ['status', 'from', 'to', 'customer'] as const;

/** Orders, newest first, filtered by status, date range (from and to included) and customer. */
export function OrdersPage() {
  useTitle('Orders');
  const filters = useFilters(KEYS);
  const pages = usePages<OrderRow>(withQuery('/admin/api/orders', { ...filters.applied, limit: 50 }));
  const input = (key: 'from' | 'to' | 'customer', label: string, type?: 'date') => (
    <FilterInput
      id={`orders-${key}`}
      label={label}
      type={type}
      value={filters.draft[key]}
      onInput={(value) => filters.set(key, value)}
    />
  );
  return (
    <section>
      <PageHeader title="Orders" />
      <FilterForm label="Filter orders" filters={filters}>
        <FilterSelect
          id="orders-status"
          label="Status"
          value={filters.draft.status}
          onChange={(value) => filters.set('status', value)}
        >
          {ORDER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status.toLowerCase()}
            </option>
          ))}
        </FilterSelect>
        {input('from', 'Placed from', 'date')}
        {input('to', 'Placed to (included)', 'date')}
        {input('customer', 'Customer email or id')}
      </FilterForm>
      <PagedTable
        caption="Orders"
        pages={pages}
        columns={['Order', 'Placed', 'Customer', 'Status', { num: 'Lines' }, { num: 'Total' }]}
        empty="No orders match these filters."
        row={(order) => (
          <tr key={order.id}>
            <td>
              <a href={`/admin/orders/${encodeURIComponent(order.id)}`}>{order.id}</a>
            </td>
            <td>
              <When at={order.createdAt} />
            </td>
            <td>
              <a href={`/admin/customers/${encodeURIComponent(order.customer.id)}`}>{order.customer.email}</a>
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
        )}
      />
    </section>
  );
}
