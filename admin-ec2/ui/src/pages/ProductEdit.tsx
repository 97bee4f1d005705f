import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../../../../web/src/lib/router';
import { useStore } from '../../../../web/src/lib/store';
import { ApiError, adminApi } from '../api/admin-api';
import type { ProductView } from '../api/types';
import { ErrorNotice, Field, PageHeader, Problem, StatusBadge } from '../components/bits';
import { ImagesEditor } from '../components/ImagesEditor';
import { StockDialog } from '../components/StockDialog';
import { VariantsEditor } from '../components/VariantsEditor';
import { draftOf, emptyDraft, type ProductDraft, productBody, slugify } from '../lib/product-form';
import { allowed, meStore } from '../lib/session';
import { useTitle } from '../lib/title';
import { useCategories } from './Products';

/**
 * The product being edited. `shown` counts the answers that replace the form (the first load, a reload, a save);
 * a stock refresh only updates the units and the revision, so it never wipes what the operator is typing.
 */
function useProduct(id: string | null) {
  const [view, setViewState] = useState<ProductView | null>(null);
  const [shown, setShown] = useState(0);
  const setView = (next: ProductView, replaceForm = true) => {
    setViewState(next);
    if (replaceForm) setShown((n) => n + 1);
  };
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    setError(null);
    adminApi<ProductView>(`/admin/api/products/${encodeURIComponent(id)}`, { signal: controller.signal })
      .then((next) => setView(next))
      .catch((caught: unknown) => {
        if (caught instanceof ApiError) setError(caught);
      });
    return () => controller.abort();
  }, [id, attempt]);
  return { view, shown, setView, error, reload: () => setAttempt((n) => n + 1) };
}

export function ProductEditPage({ id }: { id: string | null }) {
  const me = useStore(meStore);
  const canWrite = allowed(me, 'catalog:write');
  const loaded = useProduct(id);
  const path = id ? `/admin/api/products/${encodeURIComponent(id)}` : '/admin/api/products';
  const categories = useCategories();
  const [draft, setDraft] = useState<ProductDraft | null>(id ? null : emptyDraft());
  const [slugTouched, setSlugTouched] = useState(id !== null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [stockSku, setStockSku] = useState<string | null>(null);
  const product = loaded.view?.product;
  useTitle(id ? (product?.name ?? 'Product') : 'New product');

  useEffect(() => {
    if (loaded.view) setDraft(draftOf(loaded.view));
  }, [loaded.shown]);

  const refreshStock = async () => {
    if (!id) return;
    const fresh = await adminApi<ProductView>(path);
    loaded.setView(fresh, false);
    const units = new Map(fresh.stock.map((s) => [s.sku, s.units]));
    setDraft((previous) =>
      previous
        ? {
            ...previous,
            variants: previous.variants.map((v) => ({ ...v, units: units.get(v.sku) ?? v.units })),
          }
        : previous,
    );
  };

  if (loaded.error) return <Problem error={loaded.error} onRetry={loaded.reload} />;
  if (!draft)
    return (
      <section aria-busy="true">
        <PageHeader title="Product" />
        <div class="skeleton skeleton-chart" aria-hidden="true" />
      </section>
    );

  const set = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]) =>
    setDraft((previous) => (previous ? { ...previous, [key]: value } : previous));
  const errorFor = (path: string) => problems[path] ?? error?.fieldError(path);

  /** Writes with the revision read: a 409 means someone else wrote first, and nothing of ours was saved. */
  const save = async (url: string, method: 'POST' | 'PATCH', body: Record<string, unknown>, what: string) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const answer = await adminApi<ProductView>(url, {
        method,
        body: id ? { ...body, revision: loaded.view!.revision } : body,
      });
      if (!id) {
        navigate(`/admin/products/${encodeURIComponent(answer.product.id)}`, { replace: true });
        return;
      }
      loaded.setView(answer);
      setSaved(what);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) setStale(true);
      else if (caught instanceof ApiError) setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const result = productBody(draft, id !== null);
    setProblems(result.problems ?? {});
    if (result.body && !busy)
      void save(path, id ? 'PATCH' : 'POST', result.body, 'Saved. Shoppers see the change within a second.');
    else requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };
  const archive = () => {
    if (!window.confirm('Archive this product? Shoppers will no longer see it; orders keep it.')) return;
    void save(`${path}/archive`, 'POST', {}, 'Archived: shoppers no longer see this product.');
  };

  const text = (key: 'name' | 'slug' | 'brand', label: string, hint?: string) => (
    <Field id={`product-${key}`} label={label} hint={hint} error={errorFor(key)}>
      {(props) => (
        <input
          {...props}
          value={draft[key]}
          readOnly={!canWrite || (key === 'slug' && id !== null)}
          onInput={(e) => {
            const value = e.currentTarget.value;
            if (key === 'slug') setSlugTouched(true);
            setDraft((previous) =>
              previous
                ? {
                    ...previous,
                    [key]: value,
                    ...(key === 'name' && !slugTouched ? { slug: slugify(value) } : {}),
                  }
                : previous,
            );
          }}
        />
      )}
    </Field>
  );

  return (
    <section>
      <PageHeader title={id ? draft.name || 'Product' : 'New product'}>
        {product && <StatusBadge status={product.status} />}
        {product && product.status !== 'archived' && canWrite && (
          <button type="button" class="button button-secondary" onClick={archive} disabled={busy}>
            Archive
          </button>
        )}
      </PageHeader>
      <p>
        <a href="/admin/products">Back to products</a>
      </p>
      {!canWrite && <p class="notice notice-info">Your role can look at products but not change them.</p>}
      {stale && (
        <div class="notice notice-warning" role="alert">
          <p>
            Someone changed this product after you opened it. Reload to see their version, then make your
            changes again.
          </p>
          <button
            type="button"
            class="button"
            onClick={() => {
              setStale(false);
              loaded.reload();
            }}
          >
            Reload the product
          </button>
        </div>
      )}
      {saved && (
        <p class="notice notice-success" role="status">
          {saved}
        </p>
      )}
      {error && !error.errors.length && (
        <ErrorNotice
          error={error.status === 403 ? 'Your role cannot do this. Ask an owner if you need it.' : error}
        />
      )}
      <form class="product-form" onSubmit={onSubmit} noValidate>
        <div class="form-grid">
          {text('name', 'Name')}
          {text(
            'slug',
            'Address name (slug)',
            id
              ? 'The product page is at /p/ followed by this; it stays once chosen.'
              : 'The product page is at /p/ followed by this.',
          )}
          {text('brand', 'Brand')}
          <Field id="product-category" label="Category" error={errorFor('categoryId')}>
            {(props) => (
              <select
                {...props}
                value={draft.categoryId}
                disabled={!canWrite}
                onChange={(e) => set('categoryId', e.currentTarget.value)}
              >
                <option value="">Choose…</option>
                {(categories.data?.items ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="product-status" label="Status" error={errorFor('status')}>
            {(props) => (
              <select
                {...props}
                value={draft.status}
                disabled={!canWrite}
                onChange={(e) => set('status', e.currentTarget.value as ProductDraft['status'])}
              >
                <option value="draft">Draft (hidden from shoppers)</option>
                <option value="active">Active (on sale)</option>
              </select>
            )}
          </Field>
          <Field id="product-currency" label="Currency" error={errorFor('currency')}>
            {(props) => (
              <select
                {...props}
                value={draft.currency}
                disabled={!canWrite || draft.variants.some((v) => v.saved)}
                onChange={(e) => set('currency', e.currentTarget.value)}
              >
                {['USD', 'EUR', 'GBP', 'JPY'].map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field id="product-description" label="Description" error={errorFor('description')}>
          {(props) => (
            <textarea
              {...props}
              rows={5}
              value={draft.description}
              readOnly={!canWrite}
              onInput={(e) => set('description', e.currentTarget.value)}
            />
          )}
        </Field>
        <ImagesEditor
          images={draft.images}
          onChange={(images) => set('images', images)}
          errorFor={errorFor}
          readOnly={!canWrite}
        />
        <VariantsEditor
          variants={draft.variants}
          currency={draft.currency}
          onChange={(variants) => set('variants', variants)}
          errorFor={errorFor}
          readOnly={!canWrite}
          onAdjustStock={canWrite ? setStockSku : null}
        />
        {canWrite && (
          <div class="form-buttons">
            <button type="submit" class="button" disabled={busy}>
              {busy ? 'Saving…' : id ? 'Save changes' : 'Create product'}
            </button>
          </div>
        )}
      </form>
      <StockDialog
        sku={stockSku}
        onClose={() => setStockSku(null)}
        onDone={(message) => {
          setSaved(message);
          refreshStock().catch(() => loaded.reload());
        }}
      />
    </section>
  );
}
