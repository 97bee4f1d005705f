import { useEffect, useRef, useState } from 'preact/hooks';
import { isAbort } from '../../../../web/src/api/http';
import { ApiError, adminApi, withQuery } from '../api/admin-api';
import type { Page } from '../api/types';

export interface Pages<T> {
  items: T[];
  /** First page still loading. */
  loading: boolean;
  /** A further page loading. */
  loadingMore: boolean;
  error: ApiError | null;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

const asApiError = (error: unknown) =>
  error instanceof ApiError
    ? error
    : new ApiError({ status: 0, title: 'Error', detail: 'Something went wrong. Please try again.' });

/**
 * A cursor-paged list: the first page of `url` (null: nothing to load), then "Load more" appends the page after
 * the last cursor. A new `url` (other filters) starts over; an answer for an older `url` is dropped.
 */
export function usePages<T>(url: string | null): Pages<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(url !== null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const current = useRef(url);
  current.current = url;

  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    setItems([]);
    setCursor(null);
    adminApi<Page<T>>(url, { signal: controller.signal })
      .then((page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
      })
      .catch((caught: unknown) => {
        if (!isAbort(caught)) setError(asApiError(caught));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [url, attempt]);

  const loadMore = () => {
    if (!url || !cursor || loadingMore) return;
    const base = url;
    setLoadingMore(true);
    setError(null);
    const [path, search] = base.split('?');
    const query = Object.fromEntries(new URLSearchParams(search ?? ''));
    adminApi<Page<T>>(withQuery(path!, { ...query, cursor }))
      .then((page) => {
        if (current.current !== base) return;
        setItems((previous) => [...previous, ...page.items]);
        setCursor(page.nextCursor);
      })
      .catch((caught: unknown) => {
        if (current.current === base) setError(asApiError(caught));
      })
      .finally(() => setLoadingMore(false));
  };

  return {
    items,
    loading,
    loadingMore,
    error,
    hasMore: cursor !== null,
    loadMore,
    reload: () => setAttempt((n) => n + 1),
  };
}
