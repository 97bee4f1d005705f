import { useState } from 'preact/hooks';
import { useStore } from '../../../../web/src/lib/store';
import { ApiError, adminApi } from '../api/admin-api';
import type { Category } from '../api/types';
import { ErrorNotice, Field, PageHeader, Problem, SkeletonRows } from '../components/bits';
import { slugify } from '../lib/product-form';
import { allowed, meStore } from '../lib/session';
import { useTitle } from '../lib/title';
import { useCategories } from './Products';

interface CategoryDraft {
  name: string;
  slug: string;
  description: string;
}

/** Create a category, or change one: the same form, filled from the row being edited. */
function CategoryForm({
  editing,
  onSaved,
  onCancel,
}: {
  editing: Category | null;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<CategoryDraft>({
    name: editing?.name ?? '',
    slug: editing?.slug ?? '',
    description: editing?.description ?? '',
  });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!draft.name.trim()) next.name = 'Enter the category name.';
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(draft.slug))
      next.slug = 'Use lower-case letters, digits and single dashes, e.g. running-shoes.';
    setProblems(next);
    if (Object.keys(next).length > 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        name: draft.name.trim(),
        description: draft.description.trim(),
        // The slug is the category's address on the storefront: chosen once.
        ...(editing ? {} : { slug: draft.slug }),
      };
      await adminApi(
        editing ? `/admin/api/categories/${encodeURIComponent(editing.id)}` : '/admin/api/categories',
        {
          method: editing ? 'PATCH' : 'POST',
          body,
        },
      );
      onSaved(editing ? `Saved ${body.name}.` : `Added ${body.name}.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
    } finally {
      setBusy(false);
    }
  };
  const errorFor = (name: string) => problems[name] ?? error?.fieldError(name);
  return (
    <form
      class="panel"
      onSubmit={onSubmit}
      noValidate
      aria-label={editing ? `Edit ${editing.name}` : 'New category'}
    >
      <h2>{editing ? `Edit ${editing.name}` : 'New category'}</h2>
      {error && !error.errors.length && (
        <ErrorNotice
          error={error.status === 403 ? 'Your role cannot do this. Ask an owner if you need it.' : error}
        />
      )}
      <div class="form-grid">
        <Field id="category-name" label="Name" error={errorFor('name')}>
          {(props) => (
            <input
              {...props}
              value={draft.name}
              onInput={(e) => {
                const name = e.currentTarget.value;
                setDraft((d) => ({ ...d, name, ...(editing ? {} : { slug: slugify(name) }) }));
              }}
            />
          )}
        </Field>
        <Field id="category-slug" label="Address name (slug)" error={errorFor('slug')}>
          {(props) => (
            <input
              {...props}
              value={draft.slug}
              readOnly={editing !== null}
              onInput={(e) => setDraft((d) => ({ ...d, slug: e.currentTarget.value }))}
            />
          )}
        </Field>
      </div>
      <Field id="category-description" label="Description" error={errorFor('description')}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={draft.description}
            onInput={(e) => setDraft((d) => ({ ...d, description: e.currentTarget.value }))}
          />
        )}
      </Field>
      <div class="form-buttons">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save category' : 'Add category'}
        </button>
        {editing && (
          <button type="button" class="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function CategoriesPage() {
  useTitle('Categories');
  const me = useStore(meStore);
  const canWrite = allowed(me, 'catalog:write');
  const categories = useCategories();
  const [editing, setEditing] = useState<Category | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const items = categories.data?.items;
  return (
    <section>
      <PageHeader title="Categories" />
      {message && (
        <p class="notice notice-success" role="status">
          {message}
        </p>
      )}
      {categories.error && !items && <Problem error={categories.error} onRetry={categories.reload} />}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Categories</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Description</th>
              {canWrite && (
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          {!items && !categories.error ? (
            <SkeletonRows columns={canWrite ? 4 : 3} />
          ) : (
            <tbody>
              {(items ?? []).map((category) => (
                <tr key={category.id}>
                  <td>{category.name}</td>
                  <td>
                    <code>{category.slug}</code>
                  </td>
                  <td>{category.description}</td>
                  {canWrite && (
                    <td>
                      <button
                        type="button"
                        class="link-button"
                        onClick={() => {
                          setEditing(category);
                          setFormKey((n) => n + 1);
                        }}
                      >
                        Edit<span class="visually-hidden"> {category.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          )}
        </table>
      </div>
      {canWrite && (
        <CategoryForm
          key={formKey}
          editing={editing}
          onCancel={() => {
            setEditing(null);
            setFormKey((n) => n + 1);
          }}
          onSaved={(text) => {
            setMessage(text);
            setEditing(null);
            setFormKey((n) => n + 1);
            categories.reload();
          }}
        />
      )}
    </section>
  );
}
