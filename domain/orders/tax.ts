import { DomainError } from '../shared/errors.js';
import { add, type Money, money } from '../shared/money.js';
import type { ShippingCountry } from './shipping.js';

/**
 * Tax rates per destination country as exact decimal strings (never floats): the standard VAT / GST / consumption
 * tax rate. The US row is 0: US sales tax depends on the state (and the shop's nexus), which this table does not
 * model. CA is the federal GST only (provincial HST/PST are not modelled either).
 */
export const TAX_RATES: Readonly<Record<ShippingCountry, string>> = {
  US: '0',
  CA: '0.05',
  GB: '0.2',
  DE: '0.19',
  FR: '0.2',
  NL: '0.21',
  ES: '0.21',
  IT: '0.22',
  SE: '0.25',
  AU: '0.1',
  JP: '0.1',
};

/** At most six decimals (PostgreSQL stores them as numeric(7,6)), from 0 to 1. */
export const MAX_RATE_DECIMALS = 6;
const RATE_PATTERN = /^(?:0(?:\.\d{1,6})?|1(?:\.0{1,6})?)$/;

export interface TaxQuote {
  /** The rate applied, as a canonical decimal string ("0.19", "0.2", "0"). */
  rate: string;
  amount: Money;
}

const rateError = (value: unknown) =>
  new DomainError('TAX.INVALID_RATE', 'invalid', `a tax rate is a decimal from 0 to 1, got ${String(value)}`);

/**
 * A rate in its one canonical spelling (no trailing zeros, "0" for none), from a decimal string or what a database
 * driver returns for a numeric column ("0.190000", or a number).
 */
export function normalizeRate(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!RATE_PATTERN.test(text)) throw rateError(value);
  if (!text.includes('.')) return text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed;
}

/**
 * `base` times `rate`, rounded half-up to the minor unit, in exact integer arithmetic:
 * floor(base * n / 10^d + 1/2) = floor((2 * base * n + 10^d) / (2 * 10^d)) for a rate n / 10^d.
 */
export function applyRate(base: Money, rate: string): Money {
  const canonical = normalizeRate(rate);
  if (base.amount < 0)
    throw new DomainError('TAX.NEGATIVE_BASE', 'invalid', 'a taxed amount is never negative');
  const [whole, fraction = ''] = canonical.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const numerator = BigInt(`${whole}${fraction}`);
  const amount = (2n * BigInt(base.amount) * numerator + scale) / (2n * scale);
  return money(Number(amount), base.currency);
}

export const taxRateFor = (country: ShippingCountry): string => {
  const rate = TAX_RATES[country];
  if (rate === undefined)
    throw new DomainError('TAX.UNKNOWN_COUNTRY', 'invalid', `no tax rate for ${String(country)}`);
  return normalizeRate(rate);
};

/** Tax on the goods and their shipping: round half-up((subtotal + shipping) x rate of the destination). */
export function quoteTax(subtotal: Money, shipping: Money, country: ShippingCountry): TaxQuote {
  const rate = taxRateFor(country);
  return { rate, amount: applyRate(add(subtotal, shipping), rate) };
}
