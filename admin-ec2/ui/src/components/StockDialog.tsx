import { useState } from 'preact/hooks';
import { ApiError, adminApi } from '../api/admin-api';
import { ErrorNotice, Field } from './bits';
import { Dialog } from './Dialog';

/** Stock up or down for one SKU, with the reason the audit log keeps. */
export function StockDialog({
  sku,
  onClose,
  onDone,
}: {
  sku: string | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setDelta('');
    setReason('');
    setProblems({});
    setError(null);
    onClose();
  };
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    const amount = Number(delta);
    if (!/^[-+]?\d+$/.test(delta.trim()) || amount === 0)
      next.delta = 'Enter a whole number other than 0: positive adds stock, negative removes it.';
    if (reason.trim().length < 3) next.reason = 'Say why (at least 3 characters); the audit log keeps it.';
    setProblems(next);
    if (Object.keys(next).length > 0 || !sku || busy) return;
    setBusy(true);
    setError(null);
    try {
      await adminApi('/admin/api/stock-adjustments', {
        method: 'POST',
        body: { sku, delta: amount, reason: reason.trim() },
      });
      close();
      onDone(`Stock of ${sku} ${amount > 0 ? 'raised' : 'lowered'} by ${Math.abs(amount)}.`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (name: string) => problems[name] ?? error?.fieldError(name);
  return (
    <Dialog open={sku !== null} title={`Adjust stock of ${sku ?? ''}`} onClose={close}>
      <form onSubmit={onSubmit} noValidate>
        {error && !error.errors.length && (
          <ErrorNotice
            error={error.status === 403 ? 'Your role cannot do this. Ask an owner if you need it.' : error}
          />
        )}
        <Field
          id="stock-delta"
          label="Change (units)"
          hint="For example 12 or -3."
          error={fieldError('delta')}
        >
          {(props) => (
            <input
              {...props}
              inputMode="numeric"
              value={delta}
              onInput={(e) => setDelta(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="stock-reason" label="Reason" error={fieldError('reason')}>
          {(props) => (
            <input
              {...props}
              value={reason}
              maxLength={200}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="dialog-buttons">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Saving…' : 'Adjust stock'}
          </button>
          <button type="button" class="button button-secondary" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
