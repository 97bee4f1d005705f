import { useEffect, useState } from 'preact/hooks';

/** A tiny router on the History API: plain <a href> links, back/forward, scroll kept per history entry. */
export interface Location {
  path: string;
  search: string;
  query: URLSearchParams;
  /** Bumped on every navigation, also to the same URL (a "reload" of the current page). */
  serial: number;
}

type Listener = (location: Location) => void;
const listeners = new Set<Listener>();
let serial = 0;
let current: Location | null = null;

function read(): Location {
  return {
    path: window.location.pathname,
    search: window.location.search,
    query: new URLSearchParams(window.location.search),
    serial: ++serial,
  };
}

export function currentLocation(): Location {
  if (!current) current = read();
  return current;
}

/** The current path with its query, as a `next=` target. */
export const currentHref = () => {
  const { path, search } = currentLocation();
  return `${path}${search}`;
};

// Scroll positions by history entry, so back/forward land where the shopper was.
const scrollPositions = new Map<string, number>();
const entryKey = (): string => {
  const state = window.history.state as { key?: string } | null;
  return state?.key ?? 'initial';
};
const newEntryKey = () => Math.random().toString(36).slice(2, 10);

let pendingScroll: number | null = null;
/** Called by pages once their content is in place: restores the entry's scroll after back/forward. */
export function restoreScroll(): void {
  if (pendingScroll === null) return;
  window.scrollTo(0, pendingScroll);
  pendingScroll = null;
}

function notify(scroll: number | null, focus: boolean) {
  current = read();
  pendingScroll = scroll;
  for (const listener of listeners) listener(current);
  if (focus) afterNavigation();
}

/** Moves focus to the main region after an in-app navigation, so keyboard and screen-reader users start there. */
function afterNavigation() {
  requestAnimationFrame(() => {
    const main = document.getElementById('main');
    main?.focus({ preventScroll: true });
  });
}

export interface NavigateOptions {
  replace?: boolean;
  /** Keep the scroll position and focus (for changes within a page: filters, sort, variant). */
  keepScroll?: boolean;
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  scrollPositions.set(entryKey(), window.scrollY);
  if (options.replace) window.history.replaceState({ key: entryKey() }, '', to);
  else window.history.pushState({ key: newEntryKey() }, '', to);
  if (!options.keepScroll) window.scrollTo(0, 0);
  notify(null, !options.keepScroll);
}

/** Only same-site paths are followed after login ("/checkout"), never "//elsewhere" or "https://...". */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

export function startRouter(): void {
  window.history.scrollRestoration = 'manual';
  if (!(window.history.state as { key?: string } | null)?.key) {
    window.history.replaceState({ key: newEntryKey() }, '', window.location.href);
  }
  window.addEventListener('popstate', () => {
    notify(scrollPositions.get(entryKey()) ?? 0, false);
  });
  window.addEventListener('beforeunload', () => scrollPositions.set(entryKey(), window.scrollY));
  // Every same-origin <a href> is an in-app link unless it asks otherwise.
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor?.href || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    if (url.pathname.includes('.')) return; // files, not routes
    event.preventDefault();
    if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) {
      document.getElementById(url.hash.slice(1))?.focus();
      return;
    }
    navigate(`${url.pathname}${url.search}`);
  });
}

export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const listener: Listener = (next) => setLocation(next);
    listeners.add(listener);
    if (current && current !== location) setLocation(current);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return location;
}

/** `/p/:slug` against `/p/red-shoes` gives `{ slug: 'red-shoes' }`; no match gives null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index++) {
    const part = want[index]!;
    const value = got[index]!;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (part !== value) return null;
  }
  return params;
}
