import { type FieldError, invalid } from '../shared/errors.js';
import { isShippingCountry, SHIPPING_COUNTRIES, type ShippingCountry } from './shipping.js';

/** Longest each field may be, in UTF-16 code units as sent (the stored value is trimmed, so never longer). */
export const ADDRESS_LIMITS = {
  name: 100,
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postalCode: 20,
} as const;

/**
 * A required line of a label: no control characters (a label has no tabs or line breaks, and PostgreSQL text
 * cannot hold NUL) and at least one character that is not white space, so it is not blank once trimmed.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
export const ADDRESS_TEXT_PATTERN = /^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$/;
/** An optional line: no control characters; blank means absent. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
export const OPTIONAL_ADDRESS_TEXT_PATTERN = /^[^\x00-\x1f\x7f-\x9f]*$/;
/** A postal code once trimmed: ASCII letters, digits, spaces and hyphens, starting and ending with a letter or digit. */
export const POSTAL_CODE_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/;

/** An address as a client sends it: untrimmed text. */
export interface AddressInput {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
}

/** A validated address: trimmed, the optional lines absent rather than blank, a country the shop ships to. */
export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: ShippingCountry;
}

type TextField = 'name' | 'line1' | 'city';
type OptionalField = 'line2' | 'region';

/**
 * Validates and normalises an address (each field trimmed; blank optional lines dropped). A bad field is a 400
 * naming it under `at` (e.g. `body.shippingAddress.country`), every bad field at once.
 */
export function shippingAddress(input: AddressInput, at = 'body.shippingAddress'): ShippingAddress {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ path: `${at}.${field}`, message });
  const required = (field: TextField): string => {
    const raw = input[field];
    if (typeof raw !== 'string') {
      fail(field, 'required');
      return '';
    }
    if (raw.length > ADDRESS_LIMITS[field]) fail(field, `at most ${ADDRESS_LIMITS[field]} characters`);
    else if (!ADDRESS_TEXT_PATTERN.test(raw)) fail(field, 'must not be blank or hold control characters');
    return raw.trim();
  };
  const optional = (field: OptionalField): string | undefined => {
    const raw = input[field];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') {
      fail(field, 'must be text');
      return undefined;
    }
    if (raw.length > ADDRESS_LIMITS[field]) fail(field, `at most ${ADDRESS_LIMITS[field]} characters`);
    else if (!OPTIONAL_ADDRESS_TEXT_PATTERN.test(raw)) fail(field, 'must not hold control characters');
    return raw.trim() || undefined;
  };
  const name = required('name');
  const line1 = required('line1');
  const line2 = optional('line2');
  const city = required('city');
  const region = optional('region');
  let postalCode = '';
  if (typeof input.postalCode !== 'string') fail('postalCode', 'required');
  else if (input.postalCode.length > ADDRESS_LIMITS.postalCode)
    fail('postalCode', `at most ${ADDRESS_LIMITS.postalCode} characters`);
  else {
    postalCode = input.postalCode.trim();
    if (!POSTAL_CODE_PATTERN.test(postalCode))
      fail('postalCode', 'letters, digits, spaces and hyphens, e.g. 10115 or SW1A 1AA');
  }
  const country = input.country;
  if (typeof country !== 'string' || !isShippingCountry(country))
    fail('country', `must be one of ${SHIPPING_COUNTRIES.join(', ')} (ISO 3166-1 alpha-2, upper case)`);
  if (errors.length > 0) {
    throw invalid(
      'ADDRESS.INVALID',
      errors.map((error) => `${error.path}: ${error.message}`).join('; '),
      errors,
    );
  }
  return {
    name,
    line1,
    ...(line2 === undefined ? {} : { line2 }),
    city,
    ...(region === undefined ? {} : { region }),
    postalCode,
    country: country as ShippingCountry,
  };
}
