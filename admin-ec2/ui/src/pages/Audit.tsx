import { withQuery } from '../api/admin-api';
import type { AuditRow } from '../api/types';
import { PageHeader, When } from '../components/bits';
import { FilterForm, FilterInput, PagedTable } from '../components/ListPage';
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
      <FilterForm label="Filter the audit log" filters={filters}>
        {KEYS.map((key) => (
          <FilterInput
            key={key}
            id={`audit-${key}`}
            label={LABELS[key]}
            value={filters.draft[key]}
            onInput={(value) => filters.set(key, value.trim())}
          />
        ))}
      </FilterForm>
      <PagedTable
        caption="Audit log"
        pages={pages}
        columns={['When', 'Who', 'Action', 'Object', 'Reason', 'Changes']}
        empty="No audit rows match these filters."
        row={(row) => (
          <tr key={row.id}>
            <td>
              <When at={row.at} />
            </td>
            <td>
              <button type="button" class="link-button" onClick={() => filterBy('adminId', row.adminId)}>
                {row.adminEmail}
                <span class="visually-hidden"> (show only their actions)</span>
              </button>
            </td>
            <td>
              <code>{row.action}</code>
            </td>
            <td>
              <button type="button" class="link-button" onClick={() => filterBy('targetId', row.targetId)}>
                {row.targetType} {row.targetId}
                <span class="visually-hidden"> (show only this object)</span>
              </button>
            </td>
            <td>{row.reason ?? ''}</td>
            <td>
              <Changes row={row} />
            </td>
          </tr>
        )}
      />
    </section>
  );
}
