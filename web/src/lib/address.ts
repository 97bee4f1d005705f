import { SHIPPING_COUNTRIES, type ShippingAddress } from '../api/types';

export type AddressForm = Required<ShippingAddress>;
export const emptyAddress = (): AddressForm => ({
  name: '',
  line1: '',
  line2: '',
  city: '',
  region: '',
  postalCode: '',
  country: 'US',
});

/** The contract's rules (docs/checkout-contract.md), checked before sending so mistakes show at once. */
export function validateAddress(form: AddressForm): Partial<Record<keyof AddressForm, string>> {
  const errors: Partial<Record<keyof AddressForm, string>> = {};
  const need = (field: keyof AddressForm, label: string, max: number) => {
    const value = form[field].trim();
    if (!value) errors[field] = `Enter ${label}.`;
    else if (value.length > max) errors[field] = `Use at most ${max} characters.`;
  };
  need('name', 'the name of the person receiving the order', 100);
  need('line1', 'the street address', 200);
  need('city', 'the city', 100);
  need('postalCode', 'the postal code', 20);
  if (form.line2.trim().length > 200) errors.line2 = 'Use at most 200 characters.';
  if (form.region.trim().length > 100) errors.region = 'Use at most 100 characters.';
  if (!errors.postalCode && !/^[A-Za-z0-9 -]+$/.test(form.postalCode.trim()))
    errors.postalCode = 'Use letters, digits, spaces and hyphens only.';
  if (!(SHIPPING_COUNTRIES as readonly string[]).includes(form.country))
    errors.country = 'Choose a country we ship to.';
  return errors;
}

/** The address as the API takes it: trimmed, optional fields left out when empty. */
export function addressBody(form: AddressForm): ShippingAddress {
  const body: ShippingAddress = {
    name: form.name.trim(),
    line1: form.line1.trim(),
    city: form.city.trim(),
    postalCode: form.postalCode.trim(),
    country: form.country,
  };
  if (form.line2.trim()) body.line2 = form.line2.trim();
  if (form.region.trim()) body.region = form.region.trim();
  return body;
}

let names: Intl.DisplayNames | null | undefined;
export function countryName(code: string): string {
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(undefined, { type: 'region' });
    } catch {
      names = null;
    }
  }
  return names?.of(code) ?? code;
}

/** The field a server error path names: `body.shippingAddress.postalCode` -> `postalCode`. */
export function addressField(path: string): keyof AddressForm | null {
  const match = /(?:^|\.)shippingAddress\.(\w+)$/.exec(path);
  return match && match[1]! in emptyAddress() ? (match[1] as keyof AddressForm) : null;
}
