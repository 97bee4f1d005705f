import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/http';
import type { Availability, Image } from '../api/types';
import { formatMoney, type Money } from '../lib/money';

export function Price({ value, class: className }: { value: Money; class?: string }) {
  return <span class={className ?? 'price'}>{formatMoney(value)}</span>;
}

/** In stock / Only N left / Sold out, never by colour alone. */
export function StockBadge({
  availability,
}: {
  availability: Availability | { status: string; count: number };
}) {
  if (availability.status === 'sold_out') return <span class="stock stock-out">Sold out</span>;
  if (availability.status === 'low')
    return <span class="stock stock-low">Low stock: only {availability.count} left</span>;
  return <span class="stock stock-in">In stock</span>;
}

/** Always with width and height (no layout shift), lazy unless it is the page's main picture. */
export function Picture({
  image,
  size,
  eager,
  alt,
  class: className,
}: {
  image: Image | null | undefined;
  size: number;
  eager?: boolean;
  alt?: string;
  class?: string;
}) {
  if (!image) return <span class={`picture-missing ${className ?? ''}`} aria-hidden="true" />;
  return (
    <img
      class={className}
      src={image.url}
      alt={alt ?? image.alt}
      width={size}
      height={size}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      {...(eager ? { fetchpriority: 'high' } : {})}
    />
  );
}

/** A problem from the API, in words, with a way to try again when that can help. */
export function ErrorNotice({
  error,
  onRetry,
  children,
}: {
  error: ApiError | string;
  onRetry?: () => void;
  children?: ComponentChildren;
}) {
  const detail = typeof error === 'string' ? error : error.detail;
  const retryable = typeof error !== 'string' && error.retryable;
  return (
    <div class="notice notice-error" role="alert">
      <p>{detail}</p>
      {children}
      {retryable && onRetry && (
        <button type="button" class="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="visually-hidden" role="status">
      {label}
    </p>
  );
}

/** A label, a control and its error, wired together (for, aria-describedby, aria-invalid). */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (props: {
    id: string;
    'aria-invalid'?: 'true';
    'aria-describedby'?: string;
  }) => ComponentChildren;
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({
        id,
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
