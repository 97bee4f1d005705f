import { useMemo } from 'preact/hooks';
import { useStore } from '../../../../web/src/lib/store';
import { useApi } from '../../../../web/src/lib/use-api';
import { adminApi, withQuery } from '../api/admin-api';
import type { Category, Page, ProductRow } from '../api/types';
import { LoadMore, Money, PageHeader, Problem, SkeletonRows, StatusBadge, When } from '../components/bits';
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
      <form
        class="filters"
        aria-label="Filter products"
        onSubmit={(event) => {
          event.preventDefault();
          filters.apply();
        }}
      >
        <div class="field">
          <label for="products-q">Name, brand or SKU</label>
          <input
            id="products-q"
            type="search"
            value={filters.draft.q}
            onInput={(e) => filters.set('q', e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="products-status">Status</label>
          <select
            id="products-status"
            value={filters.draft.status}
            onChange={(e) => filters.set('status', e.currentTarget.value)}
          >
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="draft">Draft</option>
            <option value="archived">Archived</option>
          </select>
        </div>
        <div class="field">
          <label for="products-category">Category</label>
          <select
            id="products-category"
            value={filters.draft.categoryId}
            onChange={(e) => filters.set('categoryId', e.currentTarget.value)}
          >
            <option value="">Any</option>
            {(categories.data?.items ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
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
          <caption class="visually-hidden">Products</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Category</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col" class="num">
                In stock
              </th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          {pages.loading ? (
            <SkeletonRows columns={6} />
          ) : (
            <tbody>
              {pages.items.length === 0 && !pages.error && (
                <tr>
                  <td colSpan={6}>No products match these filters.</td>
                </tr>
              )}
              {pages.items.map((product) => (
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
