import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api/http';
import { cartStore, loadCart, removeLine, setLineQuantity, userStore } from '../api/shop';
import type { CartLine } from '../api/types';
import { ErrorNotice, Loading, Price, StockBadge } from '../components/bits';
import { useHead } from '../lib/head';
import { useStore } from '../lib/store';

function Line({ line, onError }: { line: CartLine; onError: (error: ApiError | null) => void }) {
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState(String(line.quantity));
  useEffect(() => setDraft(String(line.quantity)), [line.quantity]);
  const id = `qty-${line.sku}`;

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    onError(null);
    try {
      await action();
    } catch (caught) {
      onError(caught as ApiError);
      setDraft(String(line.quantity));
    } finally {
      setBusy(false);
    }
  };
  const commit = () => {
    const quantity = Number.parseInt(draft, 10);
    if (!Number.isInteger(quantity) || quantity === line.quantity) return setDraft(String(line.quantity));
    if (quantity < 1) return run(() => removeLine(line.sku));
    return run(() => setLineQuantity(line.sku, Math.min(quantity, 99)));
  };

  return (
    <li class="cart-line" aria-busy={busy}>
      <div class="cart-line-name">
        <a href={`/p/${line.productSlug}?sku=${encodeURIComponent(line.sku)}`}>{line.name}</a>
        <p class="muted">
          <Price value={line.unitPrice} /> each · <StockBadge availability={line.availability} />
        </p>
        {line.availability.status !== 'sold_out' && line.quantity > line.availability.count && (
          <p class="field-error">Only {line.availability.count} left: lower the quantity to check out.</p>
        )}
      </div>
      <form
        class="cart-line-qty"
        onSubmit={(event) => {
          event.preventDefault();
          commit();
        }}
      >
        <label for={id}>
          Quantity <span class="visually-hidden">of {line.name}</span>
        </label>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          max={99}
          value={draft}
          disabled={busy}
          onInput={(event) => setDraft(event.currentTarget.value)}
          onChange={commit}
        />
      </form>
      <p class="cart-line-total">
        <Price value={line.lineTotal} />
      </p>
      <button
        type="button"
        class="link-button"
        disabled={busy}
        onClick={() => run(() => removeLine(line.sku))}
        aria-label={`Remove ${line.name}`}
      >
        Remove
      </button>
    </li>
  );
}

export function CartPage() {
  useHead('Your cart', 'The products in your cart, with quantities and subtotal.');
  const cart = useStore(cartStore);
  const user = useStore(userStore);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const reload = () => {
    setLoadError(null);
    loadCart().catch((caught: ApiError) => setLoadError(caught));
  };
  // Prices and stock may have moved since the cart was last fetched.
  useEffect(reload, []);

  if (!cart) {
    return (
      <section>
        <h1>Your cart</h1>
        {loadError ? (
          <ErrorNotice error={loadError} onRetry={reload} />
        ) : (
          <Loading label="Loading your cart…" />
        )}
        {!loadError && <div class="skeleton-block cart-skeleton" aria-hidden="true" />}
      </section>
    );
  }

  const short = cart.lines.some(
    (line) => line.availability.status === 'sold_out' || line.quantity > line.availability.count,
  );
  return (
    <section class="cart">
      <h1>Your cart</h1>
      {cart.removed.length > 0 && (
        <p class="notice notice-warning" role="status">
          {cart.removed.length === 1 ? 'One product is' : `${cart.removed.length} products are`} no longer for
          sale and left your cart.
        </p>
      )}
      {loadError && <ErrorNotice error={loadError} onRetry={reload} />}
      {error && <ErrorNotice error={error} />}
      {cart.lines.length === 0 ? (
        <div class="empty-state">
          <p>Your cart is empty.</p>
          <p>
            <a class="button" href="/">
              Start shopping
            </a>
          </p>
        </div>
      ) : (
        <>
          <ul class="cart-lines" aria-label="Products in your cart">
            {cart.lines.map((line) => (
              <Line line={line} key={line.sku} onError={setError} />
            ))}
          </ul>
          <div class="cart-summary">
            <p class="summary-row summary-total">
              <span>
                Subtotal ({cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'})
              </span>
              <Price value={cart.subtotal} />
            </p>
            <p class="muted">Shipping and tax are worked out at checkout.</p>
            {short && (
              <p class="field-error">
                Some products are sold out or short: change or remove them before you pay.
              </p>
            )}
            <a
              class="button button-primary button-wide"
              href={user ? '/checkout' : '/login?next=%2Fcheckout'}
            >
              {user ? 'Check out' : 'Log in to check out'}
            </a>
          </div>
        </>
      )}
    </section>
  );
}
