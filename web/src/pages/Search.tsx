import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/http';
import { categoriesStore } from '../api/shop';
import type { Category, FacetCount, Facets, SearchResult } from '../api/types';
import { ErrorNotice } from '../components/bits';
import { ProductCard, SkeletonCards } from '../components/ProductGrid';
import { useHead } from '../lib/head';
import { formatMoney } from '../lib/money';
import { navigate, restoreScroll, useLocation } from '../lib/router';
import {
  activeGroups,
  emptySearch,
  hasPrice,
  highlightRuns,
  isPriceBucket,
  MAX_SEARCH_PAGE,
  type PriceBucket,
  parseSearchState,
  type SearchSort,
  type SearchState,
  searchParamsOf,
  searchUrl,
  selectedAttrValues,
  setCategory,
  setInStock,
  setPriceBucket,
  setSort,
  toggleAttr,
  toggleBrand,
  withoutGroup,
} from '../lib/search-params';
import { useStore } from '../lib/store';
import { useApi } from '../lib/use-api';

const PAGE_SIZE = 24;
const SORT_LABELS: [SearchSort, string][] = [
  ['relevance', 'Best match'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
  ['newest', 'Newest'],
];

interface Answer {
  result: SearchResult;
  /** Facets as they would be without the group's own filter, for each group the search filters on. */
  facets: Facets;
}

/**
 * One request for the results; for each group the shopper has filtered on, one more (limit 1) without that
 * group's filter, whose counts for that group are the ones to offer (the API counts facets over the fully
 * filtered result, where a chosen brand would be the only brand left).
 */
async function runSearch(state: SearchState, signal: AbortSignal): Promise<Answer> {
  const groups = activeGroups(state);
  const [result, ...others] = await Promise.all([
    api<SearchResult>(`/api/search?${searchParamsOf(state, { limit: String(PAGE_SIZE) })}`, { signal }),
    ...groups.map((group) =>
      api<SearchResult>(`/api/search?${searchParamsOf(withoutGroup(state, group), { limit: '1' })}`, {
        signal,
      }),
    ),
  ]);
  const facets: Facets = { ...result!.facets, attributes: { ...result!.facets.attributes } };
  groups.forEach((group, index) => {
    const wider = others[index]!.facets;
    if (group === 'category') facets.category = wider.category;
    else if (group === 'brand') facets.brand = wider.brand;
    else if (group === 'price') facets.price = wider.price;
    else {
      const name = group.slice('attr:'.length);
      facets.attributes[name] = wider.attributes[name] ?? [];
    }
  });
  return { result: result!, facets };
}

const label = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

function priceLabel(bucket: PriceBucket): string {
  const money = (amount: number) => formatMoney({ amount, currency: 'USD' }, { whole: true });
  if (bucket.from === null && bucket.to !== null) return `Under ${money(bucket.to)}`;
  if (bucket.to === null && bucket.from !== null) return `${money(bucket.from)} and up`;
  return `${money(bucket.from ?? 0)} to ${money(bucket.to ?? 0)}`;
}

function Options({
  legend,
  name,
  type,
  options,
}: {
  legend: string;
  name: string;
  type: 'checkbox' | 'radio';
  options: { value: string; label: string; count?: number; checked: boolean; onChange: () => void }[];
}) {
  if (options.length === 0) return null;
  return (
    <fieldset class="facet">
      <legend>{legend}</legend>
      <ul>
        {options.map((option) => {
          const id = `f-${name}-${option.value}`.replace(/[^A-Za-z0-9_-]/g, '_');
          return (
            <li key={option.value}>
              <input type={type} id={id} name={name} checked={option.checked} onChange={option.onChange} />
              <label for={id}>
                {option.label}
                {option.count !== undefined && <span class="facet-count"> ({option.count})</span>}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function FacetPanel({
  state,
  facets,
  categories,
}: {
  state: SearchState;
  facets: Facets;
  categories: Category[] | null;
}) {
  const go = (next: SearchState) => navigate(searchUrl(next), { keepScroll: true });
  const byId = new Map((categories ?? []).map((c) => [c.id, c]));
  const chosenCategory = categories?.find((c) => c.slug === state.category || c.id === state.category);
  const categoryOptions = facets.category.flatMap((facet) => {
    const category = byId.get(facet.value);
    return category ? [{ category, count: facet.count }] : [];
  });
  // What is chosen stays on screen even when the counts no longer list it.
  const withChosen = (facet: FacetCount[], chosen: string[]) => [
    ...facet,
    ...chosen.filter((value) => !facet.some((f) => f.value === value)).map((value) => ({ value, count: 0 })),
  ];
  const [open, setOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= 800);

  return (
    <details class="facets" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Filters</summary>
      <Options
        legend="Category"
        name="category"
        type="radio"
        options={[
          {
            value: '',
            label: 'All categories',
            checked: !state.category,
            onChange: () => go(setCategory(state, null)),
          },
          ...categoryOptions.map(({ category, count }) => ({
            value: category.slug,
            label: category.name,
            count,
            checked: chosenCategory?.id === category.id,
            onChange: () => go(setCategory(state, category.slug)),
          })),
        ]}
      />
      <Options
        legend="Availability"
        name="stock"
        type="checkbox"
        options={[
          {
            value: 'in-stock',
            label: 'In stock only',
            checked: state.inStock,
            onChange: () => go(setInStock(state, !state.inStock)),
          },
        ]}
      />
      <Options
        legend="Price"
        name="price"
        type="radio"
        options={[
          {
            value: 'any',
            label: 'Any price',
            checked: !hasPrice(state),
            onChange: () => go(setPriceBucket(state, null)),
          },
          ...facets.price.map((bucket) => ({
            value: `${bucket.from ?? ''}-${bucket.to ?? ''}`,
            label: priceLabel(bucket),
            count: bucket.count,
            checked: isPriceBucket(state, bucket),
            onChange: () => go(setPriceBucket(state, bucket)),
          })),
        ]}
      />
      <Options
        legend="Brand"
        name="brand"
        type="checkbox"
        options={withChosen(facets.brand, state.brands).map((facet) => ({
          value: facet.value,
          label: facet.value,
          count: facet.count,
          checked: state.brands.includes(facet.value),
          onChange: () => go(toggleBrand(state, facet.value)),
        }))}
      />
      {Object.entries(facets.attributes)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, values]) => {
          const chosen = selectedAttrValues(state, name);
          return (
            <Options
              key={name}
              legend={label(name)}
              name={`attr-${name}`}
              type="checkbox"
              options={withChosen(values, chosen).map((facet) => ({
                value: facet.value,
                label: facet.value,
                count: facet.count,
                checked: chosen.includes(facet.value),
                onChange: () => go(toggleAttr(state, name, facet.value)),
              }))}
            />
          );
        })}
    </details>
  );
}

function Pagination({ state, total }: { state: SearchState; total: number }) {
  const pages = Math.min(Math.ceil(total / PAGE_SIZE), MAX_SEARCH_PAGE);
  if (pages <= 1) return null;
  const near = new Set(
    [1, pages, state.page - 1, state.page, state.page + 1].filter((p) => p >= 1 && p <= pages),
  );
  const shown = [...near].sort((a, b) => a - b);
  const href = (page: number) => searchUrl({ ...state, page });
  return (
    <nav class="pagination" aria-label="Pagination">
      <ul>
        {state.page > 1 && (
          <li>
            <a href={href(state.page - 1)} rel="prev">
              Previous
            </a>
          </li>
        )}
        {shown.map((page, index) => (
          <li key={page}>
            {index > 0 && page - shown[index - 1]! > 1 && <span aria-hidden="true">… </span>}
            <a
              href={href(page)}
              aria-current={page === state.page ? 'page' : undefined}
              aria-label={`Page ${page}`}
            >
              {page}
            </a>
          </li>
        ))}
        {state.page < pages && (
          <li>
            <a href={href(state.page + 1)} rel="next">
              Next
            </a>
          </li>
        )}
      </ul>
      {total > pages * PAGE_SIZE && (
        <p class="muted">Showing the first {pages * PAGE_SIZE} results: add a filter to narrow them down.</p>
      )}
    </nav>
  );
}

export function SearchPage() {
  const location = useLocation();
  const state = parseSearchState(location.query);
  const categories = useStore(categoriesStore);
  const q = state.q.trim();
  const key = q ? searchParamsOf(state).toString() : null;
  const { data, error, loading, reload } = useApi<Answer>(
    key ? `search:${key}` : null,
    (signal) => runSearch(state, signal),
    true,
  );
  useHead(q ? `Search: ${q}` : 'Search', q ? `Products matching “${q}” at Shop.` : undefined);
  useEffect(() => {
    if (data) restoreScroll();
  }, [data]);

  if (!q) {
    return (
      <section class="empty-state">
        <h1>Search</h1>
        <p>Type what you are looking for in the search box above.</p>
      </section>
    );
  }

  const result = data?.result;
  const filtered = activeGroups(state).length > 0 || state.inStock;
  return (
    <>
      <div class="listing-head">
        <div>
          <h1>Results for “{q}”</h1>
          <p class="muted" role="status">
            {result
              ? `${result.total} ${result.total === 1 ? 'product' : 'products'}${filtered ? ' (filtered)' : ''}`
              : 'Searching…'}
          </p>
        </div>
        <div class="field field-inline">
          <label for="search-sort">Sort by</label>
          <select
            id="search-sort"
            value={state.sort}
            onChange={(event) =>
              navigate(searchUrl(setSort(state, event.currentTarget.value as SearchSort)), {
                keepScroll: true,
              })
            }
          >
            {SORT_LABELS.map(([value, text]) => (
              <option value={value} key={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="search-layout">
        <section aria-label="Filters" class="facets-column">
          {data ? (
            <FacetPanel state={state} facets={data.facets} categories={categories} />
          ) : (
            <div class="facets skeleton-block" aria-hidden="true" />
          )}
          {filtered && (
            <p>
              <a href={searchUrl(emptySearch(q))}>Clear all filters</a>
            </p>
          )}
        </section>
        <section aria-label="Results" class="results" aria-busy={loading}>
          {error && <ErrorNotice error={error} onRetry={reload} />}
          {result && result.total === 0 && (
            <div class="empty-state">
              <p>
                Nothing matches “{q}”{filtered ? ' with these filters' : ''}. Check the spelling, or try fewer
                or broader words.
              </p>
              {filtered && (
                <p>
                  <a href={searchUrl(emptySearch(q))}>Search again without filters</a>
                </p>
              )}
            </div>
          )}
          {!(error && !result) && (
            <ul class={`grid${loading && result ? ' stale' : ''}`} aria-label="Products">
              {result?.items.map((item) => (
                <ProductCard
                  key={item.id}
                  product={item}
                  name={
                    item.highlights.name
                      ? highlightRuns(item.highlights.name).map((run, index) =>
                          run.marked ? <mark key={index}>{run.text}</mark> : run.text,
                        )
                      : undefined
                  }
                />
              ))}
              <SkeletonCards count={result ? 0 : 12} />
            </ul>
          )}
          {result && <Pagination state={state} total={result.total} />}
        </section>
      </div>
    </>
  );
}
