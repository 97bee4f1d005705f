import { useMemo } from 'preact/hooks';
import { useStore } from '../../../../web/src/lib/store';
import { useApi } from '../../../../web/src/lib/use-api';
import { adminApi, withQuery } from '../api/admin-api';
import type { Category, Page, ProductRow } from '../api/types';
import { Money, PageHeader, StatusBadge, When } from '../components/bits';
import { FilterForm, FilterInput, FilterSelect, PagedTable } from '../components/ListPage';
import { useFilters } from '../lib/filters';
import { allowed, meStore } from '../lib/session';
import { useTitle } from '../lib/title';
import { usePages } from '../lib/use-pages';

const KEYS = ['q', 'status', 'categoryId'] as const;

export function useCategories() {
  const url = '/admin/api/categories';
  return useApi<Page<Category>>(url, (signal) => adminApi(url, { signal }));
}

export function ProductsPage() {
  useTitle('Products');
  const me = useStore(meStore);
  const filters = useFilters(KEYS);
  const pages = usePages<ProductRow>(withQuery('/admin/api/products', { ...filters.applied, limit: 50 }));
  const categories = useCategories();
  const categoryName = useMemo(() => {
    const names = new Map((categories.data?.items ?? []).map((c) => [c.id, c.name]));
    return (id: string) => names.get(id) ?? id;
  }, [categories.data]);

  return (
    <section>
      <PageHeader title="Products">
        {allowed(me, 'catalog:write') && (
          <a class="button" href="/admin/products/new">
            New product
          </a>
        )}
      </PageHeader>
      <FilterForm label="Filter products" filters={filters}>
        <FilterInput
          id="products-q"
          label="Name, brand or SKU"
          type="search"
          value={filters.draft.q}
          onInput={(value) => filters.set('q', value)}
        />
        <FilterSelect
          id="products-status"
          label="Status"
          value={filters.draft.status}
          onChange={(value) => filters.set('status', value)}
        >
          <option value="active">Active</option>
          <option value="draft">Draft</option>
          <option value="archived">Archived</option>
        </FilterSelect>
        <FilterSelect
          id="products-category"
          label="Category"
          value={filters.draft.categoryId}
          onChange={(value) => filters.set('categoryId', value)}
        >
          {(categories.data?.items ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </FilterSelect>
      </FilterForm>
      <PagedTable
        caption="Products"
        pages={pages}
        columns={['Product', 'Category', 'Status', { num: 'Price' }, { num: 'In stock' }, 'Updated']}
        empty="No products match these filters."
        row={(product) => (
          <tr key={product.id}>
            <td>
              <div class="product-cell">
                {product.image ? (
                  <img src={product.image.url} alt="" width={40} height={40} loading="lazy" />
                ) : (
                  <span class="thumb-missing" aria-hidden="true" />
                )}
                <span>
                  <a href={`/admin/products/${encodeURIComponent(product.id)}`}>{product.name}</a>
                  <span class="muted small"> {product.brand}</span>
                </span>
              </div>
            </td>
            <td>{categoryName(product.categoryId)}</td>
            <td>
              <StatusBadge status={product.status} />
            </td>
            <td class="num">
              <Money value={product.price} />
            </td>
            <td class="num">{product.units}</td>
            <td>
              <When at={product.updatedAt} />
            </td>
          </tr>
        )}
      />
    </section>
  );
}
