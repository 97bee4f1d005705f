import { useEffect, useRef, useState } from 'preact/hooks';
import { api, isAbort } from '../api/http';
import { categoriesStore } from '../api/shop';
import type { Suggestion } from '../api/types';
import { navigate, useLocation } from '../lib/router';
import { emptySearch, searchUrl } from '../lib/search-params';

const DEBOUNCE_MS = 150;
/** ARIA in HTML allows role=combobox on a search input without a list attribute; Preact's types do not know. */
const COMBOBOX = { role: 'combobox' } as Record<string, string>;
const cache = new Map<string, Suggestion[]>();

/**
 * The header search: a combobox (ARIA 1.2 pattern, list autocomplete) whose listbox offers what
 * GET /api/search/suggest answers as the shopper types. Arrow keys move through the options (focus stays in the
 * input, aria-activedescendant points at the option), Enter takes one, Escape closes the list, then clears.
 */
export function SearchBox() {
  const location = useLocation();
  const [value, setValue] = useState(() =>
    location.path === '/search' ? (location.query.get('q') ?? '') : '',
  );
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const typed = useRef(false);

  // The box shows the query of the search page on screen; elsewhere it keeps what was typed.
  useEffect(() => {
    if (location.path === '/search') setValue(location.query.get('q') ?? '');
    setOpen(false);
  }, [location.serial]);

  useEffect(() => {
    if (!typed.current) return;
    const text = value.trim();
    if (!/[\p{L}\p{N}]/u.test(text)) {
      setItems([]);
      setOpen(false);
      return;
    }
    const known = cache.get(text);
    if (known) {
      setItems(known);
      setActive(-1);
      setOpen(known.length > 0);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api<{ items: Suggestion[] }>(`/api/search/suggest?${new URLSearchParams({ q: text.slice(0, 100) })}`, {
        signal: controller.signal,
      })
        .then(({ items: found }) => {
          cache.set(text, found);
          if (cache.size > 100) cache.delete(cache.keys().next().value as string);
          setItems(found);
          setActive(-1);
          setOpen(found.length > 0 && document.activeElement === input.current);
        })
        .catch((error: unknown) => {
          if (isAbort(error)) return;
          // Suggestions are a help, not a must: the search itself still works.
          setItems([]);
          setOpen(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const choose = (item: Suggestion) => {
    close();
    typed.current = false;
    if (item.slug) {
      setValue(item.text);
      navigate(`/p/${item.slug}`);
      return;
    }
    const category = categoriesStore.get()?.find((c) => c.name.toLowerCase() === item.text.toLowerCase());
    if (category) {
      setValue('');
      navigate(`/c/${category.slug}`);
      return;
    }
    setValue(item.text);
    navigate(searchUrl(emptySearch(item.text)));
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const text = value.trim();
    if (!text) {
      input.current?.focus();
      return;
    }
    close();
    typed.current = false;
    navigate(searchUrl(emptySearch(text.slice(0, 100))));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = items.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return;
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(event.altKey ? -1 : 0);
        } else setActive((active + 1) % count);
        return;
      case 'ArrowUp':
        if (count === 0) return;
        event.preventDefault();
        if (!open) setOpen(true);
        setActive(active <= 0 ? count - 1 : active - 1);
        return;
      case 'Enter':
        if (open && active >= 0 && items[active]) {
          event.preventDefault();
          choose(items[active]);
        }
        return;
      case 'Escape':
        if (open) {
          event.preventDefault();
          close();
        } else if (value) {
          event.preventDefault();
          setValue('');
        }
        return;
      case 'Tab':
        close();
        return;
    }
  };

  useEffect(() => {
    if (active >= 0) document.getElementById(`search-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const expanded = open && items.length > 0;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a search landmark around the form works in every browser
    <form class="search" role="search" action="/search" onSubmit={submit}>
      <label for="search-input" class="visually-hidden">
        Search the shop
      </label>
      <div class="search-field">
        {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the input is a combobox (COMBOBOX above) */}
        <input
          ref={input}
          id="search-input"
          name="q"
          type="search"
          {...COMBOBOX}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls="search-options"
          aria-activedescendant={expanded && active >= 0 ? `search-option-${active}` : undefined}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          maxLength={100}
          placeholder="Search products"
          value={value}
          onInput={(event) => {
            typed.current = true;
            setValue(event.currentTarget.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
          onFocus={() => {
            if (typed.current && items.length > 0 && value.trim()) setOpen(true);
          }}
        />
        <ul
          id="search-options"
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA combobox pattern's listbox
          role="listbox"
          aria-label="Suggestions"
          class="search-options"
          hidden={!expanded}
        >
          {items.map((item, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard stays in the input (aria-activedescendant)
            // biome-ignore lint/a11y/useFocusableInteractive: options are reached through aria-activedescendant
            <li
              key={`${item.slug ?? ''}:${item.text}`}
              id={`search-option-${index}`}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA combobox pattern's options
              role="option"
              aria-selected={index === active}
              class={index === active ? 'search-option active' : 'search-option'}
              // Keeps focus in the input so the click still counts (blur would close the list first).
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(item)}
            >
              {item.text}
              {!item.slug && <span class="search-option-kind"> · search</span>}
            </li>
          ))}
        </ul>
      </div>
      <button type="submit" class="button search-submit">
        Search
      </button>
      <p class="visually-hidden" aria-live="polite">
        {expanded ? `${items.length} suggestions. Use the up and down arrows to choose.` : ''}
      </p>
    </form>
  );
}
