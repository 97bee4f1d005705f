import type { ComponentChildren } from 'preact';
import { ErrorNotice } from '../../../../web/src/components/bits';
import { formatMoney, type Money as MoneyValue } from '../../../../web/src/lib/money';
import { type ApiError, isMissingRoute } from '../api/admin-api';

export { ErrorNotice, Field, Loading } from '../../../../web/src/components/bits';

export function Money({ value }: { value: MoneyValue | null | undefined }) {
  return <span class="money">{value ? formatMoney(value) : '—'}</span>;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span>—</span>;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? (
    <span>{at}</span>
  ) : (
    <time dateTime={at}>{dateTime.format(date)}</time>
  );
}

/**
 * A failed call in words, with what to do next: a 403 says the role cannot do it, a route this server does not
 * have yet says so, anything else shows the server's detail (and "Try again" when that can help).
 */
export function Problem({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  if (error.status === 403)
    return (
      <div class="notice notice-warning" role="alert">
        <p>Your role cannot do this. Ask an owner if you need it.</p>
      </div>
    );
  if (isMissingRoute(error))
    return (
      <div class="notice notice-info" role="status">
        <p>
          This part of the admin is not available on this server yet. It arrives with a newer admin release.
        </p>
      </div>
    );
  return <ErrorNotice error={error} onRetry={onRetry} />;
}

/** Grey bars where rows will be, so the page does not jump when they arrive. */
export function SkeletonRows({ rows = 5, columns = 4 }: { rows?: number; columns?: number }) {
  return (
    <tbody aria-hidden="true">
      {Array.from({ length: rows }, (_, row) => (
        <tr key={row} class="skeleton-row">
          {Array.from({ length: columns }, (_, column) => (
            <td key={column}>
              <span class="skeleton" />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const name = status.toLowerCase();
  return <span class={`badge badge-${name.replace(/[^a-z_]/g, '')}`}>{name.replace(/_/g, ' ')}</span>;
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1>{title}</h1>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}

export function LoadMore({
  hasMore,
  loading,
  onClick,
  count,
}: {
  hasMore: boolean;
  loading: boolean;
  onClick: () => void;
  count: number;
}) {
  return (
    <div class="load-more">
      <p class="muted" role="status">
        {count === 1 ? '1 row shown' : `${count} rows shown`}
        {hasMore ? '' : count > 0 ? ', that is all.' : ''}
      </p>
      {hasMore && (
        <button type="button" class="button button-secondary" onClick={onClick} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
