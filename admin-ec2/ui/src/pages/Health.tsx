import { useEffect, useState } from 'preact/hooks';
import { useStore } from '../../../../web/src/lib/store';
import { useApi } from '../../../../web/src/lib/use-api';
import { ApiError, adminApi } from '../api/admin-api';
import type { Health, Reindex } from '../api/types';
import { ErrorNotice, PageHeader, Problem, SkeletonRows, When } from '../components/bits';
import { allowed, meStore } from '../lib/session';
import { useTitle } from '../lib/title';

const HEALTH = '/admin/api/health';
const REINDEX = '/admin/api/search/reindex';

const percent = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 1000) / 10}%`;
/** "hitRatio" reads as "hit ratio"; ratios read as percentages. */
const label = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
const show = (key: string, value: unknown) =>
  /ratio$/i.test(key) && (typeof value === 'number' || value === null)
    ? percent(value)
    : String(value ?? '—');

/** A flat list of an object's simple facts ("lag seconds: 0.4"), for the cache, outbox, replica and rollups. */
function Facts({ title, value }: { title: string; value: unknown }) {
  const entries =
    value && typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).filter(
          ([, v]) => v === null || typeof v !== 'object',
        )
      : [];
  const nested =
    value && typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).filter(
          ([, v]) => v !== null && typeof v === 'object',
        )
      : [];
  return (
    <section class="panel" aria-label={title}>
      <h2>{title}</h2>
      {value === null || value === undefined ? (
        <p class="muted">Not reported.</p>
      ) : (
        <dl class="facts">
          {entries.map(([key, v]) => (
            <div key={key}>
              <dt>{label(key)}</dt>
              <dd>{show(key, v)}</dd>
            </div>
          ))}
          {nested.map(([key, v]) => (
            <div key={key}>
              <dt>{label(key)}</dt>
              <dd>
                <code>{JSON.stringify(v)}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function ReindexPanel({ canStart }: { canStart: boolean }) {
  const [status, setStatus] = useState<Reindex | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const read = () =>
    adminApi<Reindex>(REINDEX)
      .then((s) => {
        setStatus(s);
        setError(null);
      })
      .catch((caught: unknown) => caught instanceof ApiError && setError(caught));
  useEffect(() => {
    void read();
  }, []);
  // Poll while a reindex runs; stop when it finishes or the screen closes.
  useEffect(() => {
    if (!status?.running) return;
    const timer = setInterval(read, 1000);
    return () => clearInterval(timer);
  }, [status?.running]);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await adminApi<Reindex>(REINDEX, { method: 'POST' }));
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
      // Already running (409): show that one's progress.
      void read();
    } finally {
      setBusy(false);
    }
  };
  const percent =
    status?.total && status.total > 0
      ? Math.min(100, Math.round((status.indexed / status.total) * 100))
      : null;
  return (
    <section class="panel" aria-labelledby="reindex-title">
      <h2 id="reindex-title">Search index</h2>
      {error && <Problem error={error} onRetry={read} />}
      {status && !status.available && (
        <p class="notice notice-warning">
          The search service cannot be reached, so its index cannot be rebuilt from here now. {status.detail}
        </p>
      )}
      {status?.available && (
        <>
          <label for="reindex-progress">
            {status.running
              ? `Reindexing: ${status.indexed} of ${status.total ?? '?'} products`
              : status.finishedAt
                ? `Last reindex finished: ${status.indexed} products`
                : 'No reindex has run since the search service started.'}
          </label>
          <progress
            id="reindex-progress"
            max={100}
            value={status.running ? (percent ?? undefined) : status.finishedAt ? 100 : 0}
          >
            {percent ?? 0}%
          </progress>
          <p class="muted small" aria-live="polite">
            {status.startedAt && (
              <>
                Started <When at={status.startedAt} />.{' '}
              </>
            )}
            {status.finishedAt && (
              <>
                Finished <When at={status.finishedAt} />.
              </>
            )}
          </p>
          {status.error && <ErrorNotice error={`The last reindex failed: ${status.error}`} />}
        </>
      )}
      {canStart && status?.available !== false && (
        <button type="button" class="button" onClick={start} disabled={busy || status?.running === true}>
          {status?.running ? 'Reindexing…' : 'Reindex search'}
        </button>
      )}
    </section>
  );
}

/** Every service's /ready with its latency, the cache, the outbox, the replica and the rollups. */
export function HealthPage() {
  useTitle('Health');
  const me = useStore(meStore);
  const state = useApi<Health>(HEALTH, (signal) => adminApi(HEALTH, { signal }));
  const health = state.data;
  return (
    <section>
      <PageHeader title="Health">
        <button type="button" class="button button-secondary" onClick={state.reload} disabled={state.loading}>
          {state.loading ? 'Checking…' : 'Check again'}
        </button>
      </PageHeader>
      {state.error && !health && <Problem error={state.error} onRetry={state.reload} />}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Services</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Ready</th>
              <th scope="col" class="num">
                Latency
              </th>
              <th scope="col" class="num">
                Cache hits
              </th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          {!health ? (
            state.error ? null : (
              <SkeletonRows columns={5} rows={6} />
            )
          ) : (
            <tbody>
              {health.services.length === 0 && (
                <tr>
                  <td colSpan={5}>No services are configured to check (SERVICE_URLS is empty).</td>
                </tr>
              )}
              {health.services.map((service) => (
                <tr key={service.name}>
                  <th scope="row">{service.name}</th>
                  <td>
                    <span class={`badge ${service.ready ? 'badge-ok' : 'badge-bad'}`}>
                      {service.ready ? 'Ready' : 'Not ready'}
                    </span>
                  </td>
                  <td class="num">
                    {service.latencyMs === null ? '—' : `${Math.round(service.latencyMs)} ms`}
                  </td>
                  <td class="num">{service.cache ? percent(service.cache.hitRatio) : '—'}</td>
                  <td class="small">{service.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          )}
        </table>
      </div>
      {health && (
        <div class="detail-grid">
          <Facts title="Cache" value={health.cache} />
          <Facts title="Outbox" value={health.outbox} />
          <Facts title="Replica" value={health.replica} />
          <Facts title="Rollups" value={health.rollups} />
        </div>
      )}
      {allowed(me, 'search:reindex') && <ReindexPanel canStart={allowed(me, 'search:reindex')} />}
    </section>
  );
}
