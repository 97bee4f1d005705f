/** Money as the API sends it: an integer count of the currency's minor units (cents for USD). */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(currency: string, locale: string | undefined, whole: boolean): Intl.NumberFormat {
  const id = `${locale ?? ''}|${currency}|${whole}`;
  let found = formatters.get(id);
  if (!found) {
    found = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    });
    formatters.set(id, found);
  }
  return found;
}

/** How many minor units a currency has per major unit, as a power of ten (USD 2, JPY 0, BHD 3). */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * The amount as an exact decimal string ("1999" cents -> "19.99"), built from the integer's digits so no binary
 * fraction ever rounds a price; Intl.NumberFormat formats such strings exactly.
 */
export function toDecimalString(amount: number, digits: number): `${number}` {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`money amounts are whole minor units, got ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  const major = units.slice(0, units.length - digits);
  const minor = units.slice(units.length - digits);
  return (digits === 0 ? `${sign}${major}` : `${sign}${major}.${minor}`) as `${number}`;
}

/** "$19.99". `whole`: leave out ".00" when the amount is whole ("$25" in a price filter). */
export function formatMoney(money: Money, options: { locale?: string; whole?: boolean } = {}): string {
  const digits = minorDigits(money.currency);
  const whole = options.whole === true && money.amount % 10 ** digits === 0;
  return formatter(money.currency, options.locale, whole).format(toDecimalString(money.amount, digits));
}

/** Integer addition of amounts in one currency. */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`cannot add ${a.currency} to ${b.currency}`);
  return { amount: a.amount + b.amount, currency: a.currency };
}

export function sumMoney(items: readonly Money[], currency = items[0]?.currency ?? 'USD'): Money {
  return items.reduce(addMoney, { amount: 0, currency });
}

const percent = new Map<string, Intl.NumberFormat>();
/** A tax rate as the API sends it ("0.19", "0.0725") as a percentage ("19%", "7.25%"), exactly. */
export function formatRate(rate: string, locale?: string): string {
  if (!/^\d+(\.\d+)?$/.test(rate)) return rate;
  const id = locale ?? '';
  let found = percent.get(id);
  if (!found) {
    found = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 });
    percent.set(id, found);
  }
  return found.format(rate as `${number}`);
}
