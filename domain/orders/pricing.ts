import { add, type Money } from '../shared/money.js';
import { quoteShipping, type ShippingCountry, type ShippingMethod, type ShippingQuote } from './shipping.js';
import { quoteTax, type TaxQuote } from './tax.js';

/** What an order costs: the goods, their shipping, the tax on both, and the total that is charged. */
export interface OrderPricing {
  subtotal: Money;
  shipping: ShippingQuote;
  tax: TaxQuote;
  /** subtotal + shipping + tax, in integer minor units. */
  total: Money;
}

/** Prices an order of `subtotal` shipped to `country` by `method`: the one place a total is made. */
export function priceOrder(subtotal: Money, country: ShippingCountry, method: ShippingMethod): OrderPricing {
  const shipping = quoteShipping(subtotal, country, method);
  const tax = quoteTax(subtotal, shipping.amount, country);
  return { subtotal, shipping, tax, total: add(add(subtotal, shipping.amount), tax.amount) };
}
