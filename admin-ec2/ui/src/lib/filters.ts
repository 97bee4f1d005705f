import { useEffect, useState } from 'preact/hooks';
import { navigate, useLocation } from '../../../../web/src/lib/router';
import { withQuery } from '../api/admin-api';

/**
 * A list's filters, kept in the address (so a filtered list can be bookmarked and shared): the form edits a draft,
 * submitting puts it in the URL, and the list loads from the URL.
 */
export function useFilters<K extends string>(keys: readonly K[]) {
  const location = useLocation();
  const applied = Object.fromEntries(keys.map((key) => [key, location.query.get(key) ?? ''])) as Record<
    K,
    string
  >;
  const [draft, setDraft] = useState(applied);
  const appliedKey = JSON.stringify(applied);
  useEffect(() => setDraft(applied), [appliedKey]);
  return {
    applied,
    draft,
    set: (key: K, value: string) => setDraft((previous) => ({ ...previous, [key]: value })),
    apply: (values: Record<K, string> = draft) =>
      navigate(withQuery(location.path, values), { keepScroll: true }),
    clear: () => navigate(location.path, { keepScroll: true }),
  };
}
