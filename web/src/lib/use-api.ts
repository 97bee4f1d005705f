import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, isAbort } from '../api/http';

/**
 * Recent GET answers by URL. A page shown again (back/forward) renders its last answer at once, with no skeleton
 * and no jump, and then refreshes it: prices and stock change within seconds.
 */
const recent = new Map<string, unknown>();
const RECENT_LIMIT = 60;
export function remember(url: string, value: unknown): void {
  recent.delete(url);
  recent.set(url, value);
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
}
export const recall = <T>(url: string): T | undefined => recent.get(url) as T | undefined;

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `url` (null: nothing yet) and re-GETs it when it changes; a stale answer never overwrites a newer one. */
export function useApi<T>(
  url: string | null,
  load: (signal: AbortSignal) => Promise<T> = defaultLoad<T>(url),
  /** Keep showing the previous URL's answer while the new one loads (refining a search keeps its facets). */
  keepPrevious = false,
) {
  const [state, setState] = useState<{ url: string | null; data: T | undefined; error: ApiError | null }>(
    () => ({
      url,
      data: url ? recall<T>(url) : undefined,
      error: null,
    }),
  );
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    setLoading(true);
    setState((previous) =>
      previous.url === url
        ? { ...previous, error: null }
        : { url, data: recall<T>(url) ?? (keepPrevious ? previous.data : undefined), error: null },
    );
    loadRef
      .current(controller.signal)
      .then((data) => {
        remember(url, data);
        setState({ url, data, error: null });
      })
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError({ status: 0, title: 'Error', detail: 'Something went wrong. Please try again.' });
        setState((previous) => ({
          url,
          data: previous.url === url ? previous.data : undefined,
          error: apiError,
        }));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [url, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const current = state.url === url;
  return {
    data: current
      ? state.data
      : ((url ? recall<T>(url) : undefined) ?? (keepPrevious ? state.data : undefined)),
    error: current ? state.error : null,
    loading: loading || !current,
    reload,
  } satisfies ApiState<T>;
}

function defaultLoad<T>(url: string | null) {
  return (signal: AbortSignal) => api<T>(url ?? '', { signal });
}
