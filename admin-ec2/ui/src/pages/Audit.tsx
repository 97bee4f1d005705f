import { withQuery } from '../api/admin-api';
import type { AuditRow } from '../api/types';
import { LoadMore, PageHeader, Problem, SkeletonRows, When } from '../components/bits';
import { diff } from '../lib/diff';
import { useFilters } from '../lib/filters';
import { useTitle } from '../lib/title';
import { usePages } from '../lib/use-pages';

const KEYS = ['adminId', 'action', 'targetType', 'targetId'] as const;
const LABELS: Record<(typeof KEYS)[number], string> = {
  adminId: 'Admin id',
  action: 'Action (e.g. product.update)',
  targetType: 'Object type (e.g. product)',
  targetId: 'Object id',
};

function Changes({ row }: { row: AuditRow }) {
  const changes = diff(row.before, row.after);
  if (changes.length === 0) return <span class="muted">No field changed</span>;
  return (
    <details>
      <summary>
        {changes.length === 1 ? '1 change' : `${changes.length} changes`}
        <span class="visually-hidden"> by {row.action}</span>
      </summary>
      <table class="diff">
        <caption class="visually-hidden">Before and after</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.path}>
              <th scope="row">
                <code>{change.path}</code>
              </th>
              <td class="diff-before">
                <code>{change.before}</code>
              </td>
              <td class="diff-after">
                <code>{change.after}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Every write any admin made, newest first, filterable; each row opens to what it changed. */
export function AuditPage() {
  useTitle('Audit log');
  const filters = useFilters(KEYS);
  const pages = usePages<AuditRow>(withQuery('/admin/api/audit', { ...filters.applied, limit: 50 }));
  const filterBy = (key: (typeof KEYS)[number], value: string) =>
    filters.apply({ ...filters.applied, [key]: value });
  return (
    <section>
      <PageHeader title="Audit log" />
      <form
        class="filters"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          filters.apply();
        }}
      >
        {KEYS.map((key) => (
          <div class="field" key={key}>
            <label for={`audit-${key}`}>{LABELS[key]}</label>
            <input
              id={`audit-${key}`}
              value={filters.draft[key]}
              onInput={(e) => filters.set(key, e.currentTarget.value.trim())}
            />
          </div>
        ))}
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
          <caption class="visually-hidden">Audit log</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Object</th>
              <th scope="col">Reason</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          {pages.loading ? (
            <SkeletonRows columns={6} />
          ) : (
            <tbody>
              {pages.items.length === 0 && !pages.error && (
                <tr>
                  <td colSpan={6}>No audit rows match these filters.</td>
                </tr>
              )}
              {pages.items.map((row) => (
                <tr key={row.id}>
                  <td>
                    <When at={row.at} />
                  </td>
                  <td>
                    <button
                      type="button"
                      class="link-button"
                      onClick={() => filterBy('adminId', row.adminId)}
                    >
                      {row.adminEmail}
                      <span class="visually-hidden"> (show only their actions)</span>
                    </button>
                  </td>
                  <td>
                    <code>{row.action}</code>
                  </td>
                  <td>
                    <button
                      type="button"
                      class="link-button"
                      onClick={() => filterBy('targetId', row.targetId)}
                    >
                      {row.targetType} {row.targetId}
                      <span class="visually-hidden"> (show only this object)</span>
                    </button>
                  </td>
                  <td>{row.reason ?? ''}</td>
                  <td>
                    <Changes row={row} />
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
