import { minorDigits, toDecimalString } from '../../../../web/src/lib/money';

/**
 * A price typed by an operator ("19.99", "1,299.5", "20") as whole minor units of the currency, read from its digits
 * (never through a float); null when it is not an amount of that currency (too many decimals, letters, negative).
 */
export function parseMoneyInput(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const cleaned = text.trim().replace(/[\s,]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const amount = Number(`${match[1]}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(amount) ? amount : null;
}

/** The amount as the input shows it ("19.99"). */
export const moneyInputValue = (amount: number, currency: string) =>
  toDecimalString(amount, minorDigits(currency));

/** "color=red, size=M" as attributes, and back. */
export function parseAttributes(text: string): Record<string, string> | null {
  const attributes: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const at = part.indexOf('=');
    if (at < 1) return null;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (!key || !value) return null;
    attributes[key] = value;
  }
  return attributes;
}

export const attributesText = (attributes: Record<string, string>) =>
  Object.entries(attributes)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
