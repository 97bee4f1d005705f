import { DomainError } from '../shared/errors.js';
import { type Currency, compareMoney, type Money, money } from '../shared/money.js';

/** The currency the shop prices goods, shipping and tax in. */
export const SHOP_CURRENCY: Currency = 'USD';

/** Where the shop ships: ISO 3166-1 alpha-2 codes, upper case. */
export const SHIPPING_COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'SE', 'AU', 'JP'] as const;
export type ShippingCountry = (typeof SHIPPING_COUNTRIES)[number];

export const SHIPPING_METHODS = ['standard', 'express'] as const;
export type ShippingMethod = (typeof SHIPPING_METHODS)[number];

/** Countries are priced by group: the domestic market, Europe (the EU countries we ship to and GB), the rest. */
export const SHIPPING_GROUPS = ['domestic', 'europe', 'international'] as const;
export type ShippingGroup = (typeof SHIPPING_GROUPS)[number];

export const SHIPPING_GROUP_OF: Readonly<Record<ShippingCountry, ShippingGroup>> = {
  US: 'domestic',
  GB: 'europe',
  DE: 'europe',
  FR: 'europe',
  NL: 'europe',
  ES: 'europe',
  IT: 'europe',
  SE: 'europe',
  CA: 'international',
  AU: 'international',
  JP: 'international',
};

export interface GroupRates {
  /** Price per method, in minor units of SHOP_CURRENCY, whatever the cart holds. */
  prices: Readonly<Record<ShippingMethod, number>>;
  /** Standard shipping is free when the subtotal is at least this (minor units); express never is. */
  freeStandardFrom: number;
}

/** The price table (minor units of USD): a flat price per group and method, and the free-standard threshold. */
export const SHIPPING_RATES: Readonly<Record<ShippingGroup, GroupRates>> = {
  domestic: { prices: { standard: 599, express: 1_499 }, freeStandardFrom: 5_000 },
  europe: { prices: { standard: 1_499, express: 2_999 }, freeStandardFrom: 15_000 },
  international: { prices: { standard: 1_999, express: 3_999 }, freeStandardFrom: 20_000 },
};

export interface ShippingQuote {
  method: ShippingMethod;
  amount: Money;
  /** True when the method has a price but this order ships for nothing (standard at or over the threshold). */
  free: boolean;
}

export const isShippingCountry = (value: string): value is ShippingCountry =>
  (SHIPPING_COUNTRIES as readonly string[]).includes(value);
export const isShippingMethod = (value: string): value is ShippingMethod =>
  (SHIPPING_METHODS as readonly string[]).includes(value);

/** What shipping a cart of `subtotal` to `country` by `method` costs. Pure: the table above is the only input. */
export function quoteShipping(
  subtotal: Money,
  country: ShippingCountry,
  method: ShippingMethod,
): ShippingQuote {
  if (!isShippingCountry(country))
    throw new DomainError('SHIPPING.UNKNOWN_COUNTRY', 'invalid', `the shop does not ship to ${country}`);
  if (!isShippingMethod(method))
    throw new DomainError('SHIPPING.UNKNOWN_METHOD', 'invalid', `no shipping method ${method}`);
  // compareMoney refuses a subtotal in another currency: the table is in SHOP_CURRENCY.
  if (compareMoney(subtotal, money(0, SHOP_CURRENCY)) < 0)
    throw new DomainError('SHIPPING.NEGATIVE_SUBTOTAL', 'invalid', 'a subtotal is never negative');
  const rates = SHIPPING_RATES[SHIPPING_GROUP_OF[country]];
  const free = method === 'standard' && subtotal.amount >= rates.freeStandardFrom;
  return { method, amount: money(free ? 0 : rates.prices[method], SHOP_CURRENCY), free };
}
