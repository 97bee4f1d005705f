import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, isAbort } from '../api/http';
import { categoriesStore } from '../api/shop';
import type { ProductPage, ProductSummary } from '../api/types';
import { ErrorNotice } from '../components/bits';
import { ProductCard, SkeletonCards } from '../components/ProductGrid';
import { useHead } from '../lib/head';
import { navigate, restoreScroll, useLocation } from '../lib/router';
import { useStore } from '../lib/store';
import { NotFound } from './NotFound';

export const LISTING_SORTS = [
  ['newest', 'Newest'],
  ['popularity', 'Most popular'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
] as const;
type ListingSort = (typeof LISTING_SORTS)[number][0];
const PAGE_SIZE = 24;

interface Listing {
  items: ProductSummary[];
  nextCursor: string | null;
  at: number;
}
/** Loaded pages per category and sort, so coming back (back button) shows what was loaded, where it was. */
const listings = new Map<string, Listing>();
const LISTING_REUSE_MS = 120_000;

export function CategoryPage({ slug }: { slug: string }) {
  const location = useLocation();
  const wanted = location.query.get('sort');
  const sort: ListingSort = LISTING_SORTS.some(([value]) => value === wanted)
    ? (wanted as ListingSort)
    : 'newest';
  const categories = useStore(categoriesStore);
  const category = categories?.find((c) => c.slug === slug);
  const key = `${slug}|${sort}`;
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const firstNew = useRef<number | null>(null);
  const grid = useRef<HTMLUListElement>(null);

  useHead(
    category?.name ?? 'Category',
    category ? `${category.description} Browse ${category.name.toLowerCase()} at Shop.` : undefined,
  );

  useEffect(() => {
    const cached = listings.get(key);
    setError(null);
    if (cached && Date.now() - cached.at < LISTING_REUSE_MS) {
      setListing(cached);
      return;
    }
    setListing(null);
    const controller = new AbortController();
    const query = new URLSearchParams({ category: slug, sort, limit: String(PAGE_SIZE) });
    api<ProductPage>(`/api/products?${query}`, { signal: controller.signal })
      .then((page) => {
        const loaded = { items: page.items, nextCursor: page.nextCursor, at: Date.now() };
        listings.set(key, loaded);
        setListing(loaded);
      })
      .catch((caught: unknown) => {
        if (!isAbort(caught)) setError(caught as ApiError);
      });
    return () => controller.abort();
  }, [key, attempt]);

  useEffect(() => {
    if (listing) restoreScroll();
    if (listing && firstNew.current !== null) {
      grid.current?.querySelectorAll<HTMLAnchorElement>('.card-link')[firstNew.current]?.focus();
      firstNew.current = null;
    }
  }, [listing]);

  const loadMore = async () => {
    if (!listing?.nextCursor || loadingMore) return;
    setLoadingMore(true);
    setError(null);
    try {
      const query = new URLSearchParams({
        category: slug,
        sort,
        limit: String(PAGE_SIZE),
        cursor: listing.nextCursor,
      });
      const page = await api<ProductPage>(`/api/products?${query}`);
      const merged = {
        items: [...listing.items, ...page.items],
        nextCursor: page.nextCursor,
        at: Date.now(),
      };
      firstNew.current = listing.items.length;
      listings.set(key, merged);
      setListing(merged);
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setLoadingMore(false);
    }
  };

  if (error instanceof ApiError && error.isNotFound('query.category')) return <NotFound what="category" />;
  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <a href="/">Home</a>
          </li>
          <li>
            <a href={`/c/${slug}`} aria-current="page">
              {category?.name ?? '…'}
            </a>
          </li>
        </ol>
      </nav>
      <div class="listing-head">
        <div>
          <h1>{category?.name ?? <span class="skeleton skeleton-title" aria-hidden="true" />}</h1>
          <p class="muted">{category?.description ?? '\u00a0'}</p>
        </div>
        <div class="field field-inline">
          <label for="sort">Sort by</label>
          <select
            id="sort"
            value={sort}
            onChange={(event) => {
              const next = event.currentTarget.value;
              navigate(next === 'newest' ? `/c/${slug}` : `/c/${slug}?sort=${next}`, { keepScroll: true });
            }}
          >
            {LISTING_SORTS.map(([value, label]) => (
              <option value={value} key={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>

      {error && !listing && <ErrorNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!(error && !listing) && (
        <ul
          class="grid"
          ref={grid}
          aria-busy={!listing}
          aria-label={category ? `${category.name} products` : 'Products'}
        >
          {listing?.items.map((product) => (
            <ProductCard product={product} key={product.id} />
          ))}
          <SkeletonCards count={listing ? (loadingMore ? 8 : 0) : 12} />
        </ul>
      )}
      {listing && listing.items.length === 0 && <p class="empty-state">Nothing here yet.</p>}
      <p class="visually-hidden" role="status">
        {listing ? `Showing ${listing.items.length} products` : 'Loading products…'}
      </p>
      {error && listing && <ErrorNotice error={error} onRetry={loadMore} />}
      {listing?.nextCursor && (
        <p class="load-more">
          <button type="button" class="button button-secondary" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Show more products'}
          </button>
        </p>
      )}
    </>
  );
}
