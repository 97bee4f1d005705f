import { useState } from 'preact/hooks';
import { formatMoney } from '../../../../web/src/lib/money';
import { ApiError, adminApi } from '../api/admin-api';
import type { OrderDetail } from '../api/types';
import { moneyInputValue, parseMoneyInput } from '../lib/money-input';
import { ErrorNotice, Field } from './bits';
import { Dialog } from './Dialog';

export type OrderAction = 'ship' | 'deliver' | 'cancel' | 'refund';

const TITLES: Record<OrderAction, string> = {
  ship: 'Ship the order',
  deliver: 'Mark the order delivered',
  cancel: 'Cancel the order',
  refund: 'Refund',
};
const DONE: Record<OrderAction, string> = {
  ship: 'Shipped. The customer sees the tracking number.',
  deliver: 'Marked delivered.',
  cancel: 'Cancelled. The stock went back.',
  refund: 'Refund sent to the payment provider.',
};

/** Why a transition was refused, in words an operator can act on. */
function refusal(error: ApiError): string | ApiError {
  if (error.status === 403) return 'Your role cannot do this. Ask an owner if you need it.';
  if (error.status === 409)
    return `${error.detail} Someone may have acted on this order already: close this and look at its history.`;
  return error;
}

/** One dialog for the four transitions; each POST answers the order's new detail. */
export function OrderActionDialog({
  action,
  detail,
  onClose,
  onDone,
}: {
  action: OrderAction | null;
  detail: OrderDetail;
  onClose: () => void;
  onDone: (detail: OrderDetail, message: string) => void;
}) {
  return (
    <Dialog open={action !== null} title={action ? TITLES[action] : ''} onClose={onClose}>
      {action && (
        <ActionForm key={action} action={action} detail={detail} onClose={onClose} onDone={onDone} />
      )}
    </Dialog>
  );
}

function ActionForm({
  action,
  detail,
  onClose,
  onDone,
}: {
  action: OrderAction;
  detail: OrderDetail;
  onClose: () => void;
  onDone: (detail: OrderDetail, message: string) => void;
}) {
  const left = detail.actions.refundable;
  const currency = left?.currency ?? detail.order.total.currency;
  const [values, setValues] = useState<Record<string, string>>({
    carrier: '',
    trackingNumber: '',
    reason: '',
    amount: left ? moneyInputValue(left.amount, currency) : '',
  });
  const [restock, setRestock] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));

  const body = (): Record<string, unknown> | null => {
    const next: Record<string, string> = {};
    let result: Record<string, unknown> = {};
    if (action === 'ship') {
      if (values.carrier!.trim().length < 2) next.carrier = 'Enter the carrier, e.g. DHL.';
      if (!/^[A-Za-z0-9][A-Za-z0-9 -]{2,59}$/.test(values.trackingNumber!.trim()))
        next.trackingNumber = '3 to 60 letters, digits, spaces or dashes.';
      result = { carrier: values.carrier!.trim(), trackingNumber: values.trackingNumber!.trim() };
    }
    if (action === 'cancel' || action === 'refund') {
      if (values.reason!.trim().length < 3)
        next.reason = 'Say why (at least 3 characters); the audit log keeps it.';
      result.reason = values.reason!.trim();
    }
    if (action === 'refund') {
      const amount = parseMoneyInput(values.amount!, currency);
      if (amount === null || amount <= 0) next.amount = `Enter an amount in ${currency}, e.g. 10.00.`;
      else if (left && amount > left.amount) next.amount = `At most ${formatMoney(left)} is left to refund.`;
      const lines = Object.entries(restock)
        .filter(([, q]) => q !== '' && q !== '0')
        .map(([sku, q]) => ({ sku, quantity: Number(q) }));
      for (const line of lines) {
        const bought = detail.order.lines.find((l) => l.sku === line.sku)?.quantity ?? 0;
        if (!Number.isInteger(line.quantity) || line.quantity < 0 || line.quantity > bought)
          next[`restock.${line.sku}`] = `0 to ${bought}.`;
      }
      result = { ...result, amount: { amount: amount ?? 0, currency }, restock: lines };
    }
    setProblems(next);
    return Object.keys(next).length === 0 ? result : null;
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const payload = body();
    if (!payload || busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await adminApi<OrderDetail>(
        `/admin/api/orders/${encodeURIComponent(detail.order.id)}/${action}`,
        { method: 'POST', body: payload },
      );
      onDone(next, DONE[action]);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (name: string) => problems[name] ?? error?.fieldError(name);
  const input = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field id={`action-${name}`} label={label} error={fieldError(name)}>
      {(props) => (
        <input {...props} value={values[name]} onInput={(e) => set(name, e.currentTarget.value)} {...extra} />
      )}
    </Field>
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      {error && !error.errors.length && <ErrorNotice error={refusal(error)} />}
      {action === 'ship' && (
        <>
          {input('carrier', 'Carrier')}
          {input('trackingNumber', 'Tracking number')}
        </>
      )}
      {action === 'deliver' && <p>The customer's order will show as delivered.</p>}
      {action === 'cancel' && (
        <>
          <p>Cancelling returns every item to stock. Refund the payment separately if one was taken.</p>
          {input('reason', 'Reason')}
        </>
      )}
      {action === 'refund' && (
        <>
          {input('amount', `Amount (${currency})`, { inputMode: 'decimal' })}
          {input('reason', 'Reason')}
          <fieldset>
            <legend>Return to stock (optional)</legend>
            {detail.order.lines.map((line) => (
              <Field
                key={line.sku}
                id={`restock-${line.sku}`}
                label={`${line.name} (${line.sku}), bought ${line.quantity}`}
                error={problems[`restock.${line.sku}`]}
              >
                {(props) => (
                  <input
                    {...props}
                    type="number"
                    min={0}
                    max={line.quantity}
                    value={restock[line.sku] ?? ''}
                    placeholder="0"
                    onInput={(e) => setRestock((r) => ({ ...r, [line.sku]: e.currentTarget.value }))}
                  />
                )}
              </Field>
            ))}
          </fieldset>
        </>
      )}
      <div class="dialog-buttons">
        <button type="submit" class={`button${action === 'cancel' ? ' button-danger' : ''}`} disabled={busy}>
          {busy ? 'Working…' : TITLES[action]}
        </button>
        <button type="button" class="button button-secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
