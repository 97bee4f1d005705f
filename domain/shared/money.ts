import { DomainError } from './errors.js';

/** ISO 4217 codes this shop trades in, with the number of minor units each has. */
export const CURRENCIES = { USD: 2, EUR: 2, GBP: 2, JPY: 0 } as const;
export type Currency = keyof typeof CURRENCIES;

/** An amount of money in integer minor units (cents), never a float. */
export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

const moneyError = (message: string) => new DomainError('MONEY.INVALID', 'invalid', message);

export const isCurrency = (value: string): value is Currency => Object.hasOwn(CURRENCIES, value);

export function money(amount: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amount))
    throw moneyError(`amount must be a safe integer of minor units, got ${amount}`);
  if (!isCurrency(currency)) throw moneyError(`unknown currency ${String(currency)}`);
  return { amount, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw moneyError(`cannot combine ${a.currency} with ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function multiply(price: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) throw moneyError(`quantity must be an integer, got ${quantity}`);
  return money(price.amount * quantity, price.currency);
}

export function sum(items: readonly Money[], currency: Currency): Money {
  return items.reduce((total, item) => add(total, item), money(0, currency));
}

export const compareMoney = (a: Money, b: Money): number => {
  sameCurrency(a, b);
  return a.amount - b.amount;
};

/** Human display only; arithmetic never goes through this. */
export function formatMoney(value: Money, locale = 'en-US'): string {
  const digits = CURRENCIES[value.currency];
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: value.currency,
    minimumFractionDigits: digits,
  }).format(value.amount / 10 ** digits);
}
