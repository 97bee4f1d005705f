import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiState } from '../../../../web/src/lib/use-api';
import { useApi } from '../../../../web/src/lib/use-api';
import { adminApi, withQuery } from '../api/admin-api';
import type { ReadsFrom } from '../api/types';
import type { DayRange } from '../lib/dates';
import { Problem } from './bits';

/** A report of the analytics API for the range (the rollup, from the analytics connection). */
export function useReport<T>(path: string, range: DayRange, extra: Record<string, string> = {}): ApiState<T> {
  const url = withQuery(path, { from: range.from, to: range.to, ...extra });
  return useApi<T>(url, (signal) => adminApi<T>(url, { signal }));
}

export const csvHref = (path: string, range: DayRange) =>
  withQuery(`${path}.csv`, { from: range.from, to: range.to });

export function ReadsFromNote({ readsFrom }: { readsFrom: ReadsFrom | undefined }) {
  if (!readsFrom) return null;
  return (
    <p class="reads-from">
      {readsFrom === 'replica' ? 'Read from the replica' : 'Read from the primary (no replica configured)'}
    </p>
  );
}

/**
 * One report of the dashboard: a heading, its chart or ranking, a text summary, a table a screen reader (or anyone)
 * can switch to, the CSV export of the same range, and where the numbers were read from.
 */
export function ReportSection<T>({
  id,
  title,
  state,
  csv,
  summary,
  table,
  children,
}: {
  id: string;
  title: string;
  state: ApiState<T>;
  csv: string;
  summary: (data: T) => string;
  table: (data: T) => ComponentChildren;
  children: (data: T) => ComponentChildren;
}) {
  const [asTable, setAsTable] = useState(false);
  const data = state.data;
  return (
    <section class="report" aria-labelledby={`${id}-title`} aria-busy={state.loading ? 'true' : undefined}>
      <div class="report-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <div class="report-tools">
          <button
            type="button"
            class="link-button"
            aria-pressed={asTable}
            aria-controls={`${id}-body`}
            onClick={() => setAsTable(!asTable)}
          >
            {asTable ? 'Show chart' : 'Show table'}
          </button>
          <a href={csv} download>
            CSV<span class="visually-hidden"> of {title.toLowerCase()}</span>
          </a>
        </div>
      </div>
      <div id={`${id}-body`}>
        {state.error && !data ? (
          <Problem error={state.error} onRetry={state.reload} />
        ) : data === undefined ? (
          <div class="skeleton skeleton-chart" aria-hidden="true" />
        ) : (
          <>
            <p class="report-summary">{summary(data)}</p>
            {asTable ? table(data) : children(data)}
          </>
        )}
      </div>
      <ReadsFromNote readsFrom={(data as { readsFrom?: ReadsFrom } | undefined)?.readsFrom} />
    </section>
  );
}

type ChartComponent = typeof import('../charts/time-chart')['default'];
let chartModule: Promise<ChartComponent> | null = null;
/** uPlot and its CSS load only when a chart is first shown: the login and the lists never download them. */
export function useTimeChart(): ChartComponent | null {
  const [chart, setChart] = useState<ChartComponent | null>(null);
  useEffect(() => {
    chartModule ??= import('../charts/time-chart').then((module) => module.default);
    chartModule
      .then((component) => setChart(() => component))
      .catch(() => {
        chartModule = null;
      });
  }, []);
  return chart;
}

/** A table of rows with a header, for a report's text alternative and for rankings. */
export function DataTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string[];
  rows: ComponentChildren[][];
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls (long ranges); focusable so a keyboard can scroll it
    <section class="table-wrap" tabIndex={0} aria-label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((cell, index) => (
              <th key={cell} scope="col" class={index > 0 ? 'num' : undefined}>
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={head.length}>Nothing in this range.</td>
            </tr>
          ) : (
            rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => (
                  <td key={column} class={column > 0 ? 'num' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
