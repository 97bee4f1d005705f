import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, isAbort, request } from '../api/http';
import { cartAfterOrder, cartStore, loadCart } from '../api/shop';
import {
  type Order,
  type Quote,
  type SavedAddress,
  SHIPPING_COUNTRIES,
  type ShippingMethod,
} from '../api/types';
import { ErrorNotice, Field, Loading, Price } from '../components/bits';
import {
  type AddressForm,
  addressBody,
  addressField,
  countryName,
  emptyAddress,
  validateAddress,
} from '../lib/address';
import { handleUnauthorized, useSignedIn } from '../lib/auth';
import { useHead } from '../lib/head';
import { CheckoutAttempt, sessionKeyStorage } from '../lib/idempotency';
import { formatMoney, formatRate } from '../lib/money';
import { navigate } from '../lib/router';
import { useStore } from '../lib/store';

/** One attempt at a time per tab; its key survives a reload until the server's definitive answer. */
const attempt = new CheckoutAttempt(sessionKeyStorage());

const CARDS = [
  ['tok_visa', 'Test Visa: approved'],
  ['tok_declined', 'Test card: declined'],
  ['tok_timeout', 'Test card: the bank never answers'],
] as const;
const METHODS: [ShippingMethod, string, string][] = [
  ['standard', 'Standard', '3 to 5 business days'],
  ['express', 'Express', '1 to 2 business days'],
];

type Quotes =
  | { state: 'loading' }
  | { state: 'ready'; standard: Quote; express: Quote }
  /** The quote route is not there (an older backend): the subtotal only, shipping and tax come with the order. */
  | { state: 'unavailable' }
  | { state: 'empty' }
  | { state: 'error'; error: ApiError };

type Addresses = { state: 'loading' } | { state: 'ready'; items: SavedAddress[] } | { state: 'unavailable' };

interface PlaceFailure {
  message: string;
  error?: ApiError;
  retry?: boolean;
  showOrders?: boolean;
  showCart?: boolean;
}

function AddressFields({
  form,
  errors,
  onChange,
}: {
  form: AddressForm;
  errors: Partial<Record<keyof AddressForm, string>>;
  onChange: (field: keyof AddressForm, value: string) => void;
}) {
  const text = (
    field: keyof AddressForm,
    label: string,
    autocomplete: string,
    max: number,
    optional = false,
  ) => (
    <Field id={`address-${field}`} label={optional ? `${label} (optional)` : label} error={errors[field]}>
      {(props) => (
        <input
          {...props}
          name={field}
          autocomplete={`shipping ${autocomplete}`}
          required={!optional}
          maxLength={max}
          value={form[field]}
          onInput={(event) => onChange(field, event.currentTarget.value)}
        />
      )}
    </Field>
  );
  return (
    <div class="address-fields">
      {text('name', 'Full name', 'name', 100)}
      {text('line1', 'Street address', 'address-line1', 200)}
      {text('line2', 'Apartment, suite, etc.', 'address-line2', 200, true)}
      <div class="field-row">
        {text('city', 'City', 'address-level2', 100)}
        {text('region', 'State or region', 'address-level1', 100, true)}
      </div>
      <div class="field-row">
        {text('postalCode', 'Postal code', 'postal-code', 20)}
        <Field id="address-country" label="Country" error={errors.country}>
          {(props) => (
            <select
              {...props}
              name="country"
              autocomplete="shipping country"
              value={form.country}
              onChange={(event) => onChange('country', event.currentTarget.value)}
            >
              {SHIPPING_COUNTRIES.map((code) => (
                <option value={code} key={code}>
                  {countryName(code)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </div>
  );
}

const oneLine = (a: SavedAddress) =>
  [a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.region, countryName(a.country)]
    .filter(Boolean)
    .join(', ');

export function CheckoutPage() {
  useHead('Checkout', 'Choose where your order goes, how fast, and pay.');
  const user = useSignedIn('Log in to check out; your cart is kept.');
  const cart = useStore(cartStore);
  const [addresses, setAddresses] = useState<Addresses>({ state: 'loading' });
  const [choice, setChoice] = useState<string>('new');
  const [form, setForm] = useState<AddressForm>(emptyAddress);
  const [save, setSave] = useState(true);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof AddressForm, string>>>({});
  const [method, setMethod] = useState<ShippingMethod>('standard');
  const [token, setToken] = useState<string>('tok_visa');
  const [quotes, setQuotes] = useState<Quotes>({ state: 'loading' });
  const [quoteAttempt, setQuoteAttempt] = useState(0);
  const [placing, setPlacing] = useState(false);
  const placingNow = useRef(false);
  const [failure, setFailure] = useState<PlaceFailure | null>(null);
  const failureRef = useRef<HTMLDivElement>(null);

  const saved = addresses.state === 'ready' ? addresses.items : [];
  const chosen = saved.find((a) => a.id === choice);
  const country = chosen?.country ?? form.country;

  useEffect(() => {
    if (!user) return;
    loadCart().catch(handleUnauthorized);
    const controller = new AbortController();
    api<{ items: SavedAddress[] }>('/api/addresses', { signal: controller.signal })
      .then(({ items }) => {
        setAddresses({ state: 'ready', items });
        if (items[0]) setChoice(items[0].id);
      })
      .catch((error: unknown) => {
        if (isAbort(error) || handleUnauthorized(error)) return;
        // Saved addresses are a convenience: without them (404 on an older backend, or an outage) the form works.
        setAddresses({ state: 'unavailable' });
      });
    return () => controller.abort();
  }, [user?.id]);

  // Both methods' quotes for the destination, so each option can show its price.
  const cartVersion = cart ? `${cart.version}:${cart.itemCount}:${cart.subtotal.amount}` : '';
  useEffect(() => {
    if (!user) return;
    const controller = new AbortController();
    const where: Record<string, string> = chosen ? { addressId: chosen.id } : { country };
    const quote = (m: ShippingMethod) =>
      api<Quote>(`/api/checkout/quote?${new URLSearchParams({ ...where, method: m })}`, {
        signal: controller.signal,
      });
    setQuotes((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    Promise.all([quote('standard'), quote('express')])
      .then(([standard, express]) => setQuotes({ state: 'ready', standard, express }))
      .catch((error: unknown) => {
        if (isAbort(error) || handleUnauthorized(error)) return;
        const apiError = error as ApiError;
        // No route at all (no problem code): the backend predates the quote.
        if (apiError.status === 404 && !apiError.code) setQuotes({ state: 'unavailable' });
        else if (apiError.status === 422) setQuotes({ state: 'empty' });
        else setQuotes({ state: 'error', error: apiError });
      });
    return () => controller.abort();
  }, [user?.id, country, chosen?.id, cartVersion, quoteAttempt]);

  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  if (!user) return <Loading label="Checking your session…" />;
  if (cart && cart.lines.length === 0 && !placing) {
    return (
      <section class="empty-state">
        <h1>Checkout</h1>
        <p>Your cart is empty.</p>
        <p>
          <a class="button" href="/">
            Start shopping
          </a>
        </p>
      </section>
    );
  }

  const setField = (field: keyof AddressForm, value: string) => {
    setForm((previous) => ({ ...previous, [field]: value }));
    setFieldErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const lineName = (sku: string) => cart?.lines.find((line) => line.sku === sku)?.name ?? sku;

  const place = async (event?: Event) => {
    event?.preventDefault();
    if (placingNow.current) return; // a double click never sends twice
    setFailure(null);
    if (!chosen) {
      const errors = validateAddress(form);
      setFieldErrors(errors);
      const first = Object.keys(errors)[0];
      if (first) {
        document.getElementById(`address-${first}`)?.focus();
        return;
      }
    }
    const body = {
      paymentToken: token,
      shippingMethod: method,
      ...(chosen ? { addressId: chosen.id } : { shippingAddress: addressBody(form) }),
    };
    placingNow.current = true;
    setPlacing(true);
    const key = attempt.begin();
    try {
      const { body: order } = await request<Order>('/api/checkout', {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': key },
      });
      attempt.clear(); // 201 confirmed or 202 pending: the order exists, the next checkout is a new attempt
      if (!chosen && save && addresses.state === 'ready') {
        await api('/api/addresses', { method: 'POST', body: addressBody(form) }).catch(() => {});
      }
      cartAfterOrder(order);
      navigate(`/orders/${order.id}?placed=1`, { replace: true });
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : null;
      attempt.settle(error && error.status !== 0 ? error.status : 'network');
      if (handleUnauthorized(error)) return;
      setFailure(describeFailure(error, lineName));
      if (error?.status === 409 || error?.code === 'CHECKOUT.UNAVAILABLE_SKU') {
        loadCart().catch(() => {});
      }
      if (error?.status === 400) {
        const mapped: Partial<Record<keyof AddressForm, string>> = {};
        for (const fieldError of error.errors) {
          const field = addressField(fieldError.path);
          if (field) mapped[field] = fieldError.message;
        }
        setFieldErrors(mapped);
      }
    } finally {
      placingNow.current = false;
      setPlacing(false);
    }
  };

  const selected = quotes.state === 'ready' ? quotes[method] : null;
  return (
    <section class="checkout">
      <h1>Checkout</h1>
      <form id="checkout-form" class="checkout-layout" noValidate onSubmit={place} aria-busy={placing}>
        <div class="checkout-main">
          <fieldset class="panel">
            <legend>
              <h2>Shipping address</h2>
            </legend>
            {addresses.state === 'loading' && (
              <div class="skeleton-block address-skeleton" aria-hidden="true" />
            )}
            {saved.length > 0 && (
              <ul class="choices">
                {saved.map((address) => (
                  <li key={address.id}>
                    <input
                      type="radio"
                      id={`address-${address.id}`}
                      name="address"
                      checked={choice === address.id}
                      onChange={() => setChoice(address.id)}
                    />
                    <label for={`address-${address.id}`}>{oneLine(address)}</label>
                  </li>
                ))}
                <li>
                  <input
                    type="radio"
                    id="address-new"
                    name="address"
                    checked={choice === 'new'}
                    onChange={() => setChoice('new')}
                  />
                  <label for="address-new">A new address</label>
                </li>
              </ul>
            )}
            {addresses.state !== 'loading' && !chosen && (
              <>
                <AddressFields form={form} errors={fieldErrors} onChange={setField} />
                {addresses.state === 'ready' && saved.length < 20 && (
                  <p class="check">
                    <input
                      type="checkbox"
                      id="save-address"
                      checked={save}
                      onChange={(event) => setSave(event.currentTarget.checked)}
                    />
                    <label for="save-address">Save this address for next time</label>
                  </p>
                )}
              </>
            )}
          </fieldset>

          <fieldset class="panel">
            <legend>
              <h2>Shipping method</h2>
            </legend>
            <ul class="choices">
              {METHODS.map(([value, name, eta]) => {
                const quote = quotes.state === 'ready' ? quotes[value] : null;
                return (
                  <li key={value}>
                    <input
                      type="radio"
                      id={`method-${value}`}
                      name="method"
                      value={value}
                      checked={method === value}
                      onChange={() => setMethod(value)}
                    />
                    <label for={`method-${value}`}>
                      <span class="choice-title">
                        {name}
                        <span class="choice-price">
                          {quote
                            ? quote.shipping.free
                              ? 'Free'
                              : formatMoney(quote.shipping.amount)
                            : quotes.state === 'loading'
                              ? '…'
                              : ''}
                        </span>
                      </span>
                      <span class="muted">{eta}</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>

          <fieldset class="panel">
            <legend>
              <h2>Payment</h2>
            </legend>
            <Field id="card" label="Card" hint="This is a demo shop: choose a test card to see each outcome.">
              {(props) => (
                <select
                  {...props}
                  name="paymentToken"
                  value={token}
                  onChange={(e) => setToken(e.currentTarget.value)}
                >
                  {CARDS.map(([value, label]) => (
                    <option value={value} key={value}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </fieldset>
        </div>

        <div class="checkout-side">
          <section class="panel summary" aria-labelledby="summary-title">
            <h2 id="summary-title">Order summary</h2>
            <ul class="summary-lines">
              {(selected?.lines ?? cart?.lines ?? []).map((line) => (
                <li key={line.sku} class="summary-row">
                  <span>
                    {line.name} <span class="muted">× {line.quantity}</span>
                  </span>
                  <Price value={line.lineTotal} />
                </li>
              ))}
            </ul>
            {quotes.state === 'error' && (
              <ErrorNotice error={quotes.error} onRetry={() => setQuoteAttempt((n) => n + 1)} />
            )}
            <dl class="totals" aria-busy={quotes.state === 'loading'}>
              <div class="summary-row">
                <dt>Subtotal</dt>
                <dd>
                  {selected ? (
                    <Price value={selected.subtotal} />
                  ) : cart ? (
                    <Price value={cart.subtotal} />
                  ) : (
                    '…'
                  )}
                </dd>
              </div>
              <div class="summary-row">
                <dt>Shipping ({method === 'express' ? 'express' : 'standard'})</dt>
                <dd>
                  {selected ? (
                    selected.shipping.free ? (
                      'Free'
                    ) : (
                      <Price value={selected.shipping.amount} />
                    )
                  ) : quotes.state === 'loading' ? (
                    <span class="skeleton skeleton-amount">
                      <span class="visually-hidden">Loading</span>
                    </span>
                  ) : (
                    'Added with the order'
                  )}
                </dd>
              </div>
              <div class="summary-row">
                <dt>Tax{selected ? ` (${formatRate(selected.tax.rate)})` : ''}</dt>
                <dd>
                  {selected ? (
                    <Price value={selected.tax.amount} />
                  ) : quotes.state === 'loading' ? (
                    <span class="skeleton skeleton-amount">
                      <span class="visually-hidden">Loading</span>
                    </span>
                  ) : (
                    'Added with the order'
                  )}
                </dd>
              </div>
              <div class="summary-row summary-total">
                <dt>Total</dt>
                <dd>
                  {selected ? (
                    <Price value={selected.total} />
                  ) : quotes.state === 'loading' ? (
                    <span class="skeleton skeleton-amount">
                      <span class="visually-hidden">Loading</span>
                    </span>
                  ) : cart ? (
                    <Price value={cart.subtotal} />
                  ) : (
                    '…'
                  )}
                </dd>
              </div>
            </dl>
            {quotes.state === 'empty' && <p class="field-error">Your cart is empty.</p>}
          </section>
          <div class="place" ref={failureRef} tabIndex={-1}>
            {failure && (
              <ErrorNotice error={failure.error && !failure.message ? failure.error : failure.message}>
                {failure.showCart && (
                  <p>
                    <a href="/cart">Change your cart</a>
                  </p>
                )}
                {failure.showOrders && (
                  <p>
                    <a href="/orders">See your orders</a>
                  </p>
                )}
                {failure.retry && (
                  <button
                    type="button"
                    class="button button-secondary"
                    onClick={() => place()}
                    disabled={placing}
                  >
                    Try again
                  </button>
                )}
              </ErrorNotice>
            )}
            <button type="submit" class="button button-primary button-wide" disabled={placing || !cart}>
              {placing
                ? 'Placing your order…'
                : selected
                  ? `Place order · ${formatMoney(selected.total)}`
                  : 'Place order'}
            </button>
            <p class="muted small">Your cart stays as it is until the order is confirmed.</p>
          </div>
        </div>
      </form>
    </section>
  );
}

/** What went wrong, in the shopper's words; every case keeps the cart. */
function describeFailure(error: ApiError | null, lineName: (sku: string) => string): PlaceFailure {
  if (!error || error.retryable) {
    return {
      message: `${error?.detail ?? 'We could not reach the shop.'} Your order was not placed twice: trying again is safe.`,
      retry: true,
    };
  }
  if (error.status === 409) {
    const skus = error.errors.map((e) => e.path.replace(/^cart\./, ''));
    const names = skus.length > 0 ? skus.map(lineName).join(', ') : 'some products';
    return {
      message: `Not enough stock for ${names}. Nothing was charged; lower the quantity or remove it from your cart.`,
      error,
      showCart: true,
    };
  }
  if (error.status === 402) return { message: error.detail, error };
  if (error.code === 'CHECKOUT.IDEMPOTENCY_KEY_REUSED') {
    return {
      message:
        'An earlier try to place this order reached us. Check your orders before trying again, so you do not buy twice.',
      error,
      showOrders: true,
    };
  }
  if (error.code === 'CHECKOUT.UNAVAILABLE_SKU') {
    const names = error.errors.map((e) => lineName(e.path.replace(/^cart\./, ''))).join(', ');
    return { message: `No longer for sale: ${names}. Remove it from your cart.`, error, showCart: true };
  }
  if (error.code === 'CHECKOUT.EMPTY_CART') return { message: 'Your cart is empty.', error, showCart: true };
  if (error.status === 400) {
    return { message: `Please check the highlighted fields. ${error.detail}`, error };
  }
  return { message: error.detail, error };
}
