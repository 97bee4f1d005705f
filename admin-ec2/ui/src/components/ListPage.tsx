import type { ComponentChildren } from 'preact';
import type { Pages } from '../lib/use-pages';
import { LoadMore, Problem, SkeletonRows } from './bits';

/** A list page's filter form: its fields, then the submit button (`submit`, "Filter" unless told) and Clear. */
export function FilterForm({
  label,
  submit = 'Filter',
  filters,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  submit?: string;
  filters: { apply: () => void; clear: () => void };
  children: ComponentChildren;
}) {
  return (
    <form
      class="filters"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        filters.apply();
      }}
    >
      {children}
      <div class="filter-buttons">
        <button type="submit" class="button">
          {submit}
        </button>
        <button type="button" class="button button-secondary" onClick={() => filters.clear()}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** One labelled text (or `type`) input of a filter form. */
export function FilterInput({
  id,
  label,
  type,
  value,
  onInput,
}: {
  id: string;
  label: string;
  type?: 'search' | 'date';
  value: string;
  onInput: (value: string) => void;
}) {
  // Preact's input props tie `type` to other props, hence the cast; no `type` leaves the default text input.
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type={type as 'search'} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </div>
  );
}

/** One labelled select of a filter form: "Any" (no filter), then the `children` options. */
export function FilterSelect({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">Any</option>
        {children}
      </select>
    </div>
  );
}

/**
 * A cursor-paged list's table: the problem (if any), the table with a hidden caption, skeleton rows while the
 * first page loads, a row saying `empty` when nothing came back, one `row` per item, then "Load more".
 */
export function PagedTable<T>({
  caption,
  pages,
  columns,
  empty,
  row,
}: {
  caption: string;
  pages: Pages<T>;
  /** The column headings, left to right; `{ num }` for a right-aligned number column. */
  columns: (string | { num: string })[];
  empty: ComponentChildren;
  row: (item: T) => ComponentChildren;
}) {
  return (
    <>
      {pages.error && <Problem error={pages.error} onRetry={pages.reload} />}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) =>
                typeof column === 'string' ? (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ) : (
                  <th key={column.num} scope="col" class="num">
                    {column.num}
                  </th>
                ),
              )}
            </tr>
          </thead>
          {pages.loading ? (
            <SkeletonRows columns={columns.length} />
          ) : (
            <tbody>
              {pages.items.length === 0 && !pages.error && (
                <tr>
                  <td colSpan={columns.length}>{empty}</td>
                </tr>
              )}
              {pages.items.map((item) => row(item))}
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
    </>
  );
}
