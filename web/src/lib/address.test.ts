import { describe, expect, it } from 'vitest';
import { addressBody, addressField, emptyAddress, validateAddress } from './address';

describe('shipping address', () => {
  const good = {
    ...emptyAddress(),
    name: 'Ada',
    line1: '1 Main St',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  };

  it('accepts a complete address and leaves empty optional fields out', () => {
    expect(validateAddress(good)).toEqual({});
    expect(addressBody({ ...good, name: ' Ada ', line2: ' ', region: 'BE' })).toEqual({
      name: 'Ada',
      line1: '1 Main St',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
      region: 'BE',
    });
  });

  it('names each field that breaks the contract', () => {
    const errors = validateAddress({
      ...emptyAddress(),
      postalCode: '10115!',
      country: 'XX',
      line2: 'x'.repeat(201),
    });
    expect(Object.keys(errors).sort()).toEqual(['city', 'country', 'line1', 'line2', 'name', 'postalCode']);
  });

  it('maps API error paths to fields', () => {
    expect(addressField('body.shippingAddress.country')).toBe('country');
    expect(addressField('body.shippingAddress.postalCode')).toBe('postalCode');
    expect(addressField('body.paymentToken')).toBeNull();
    expect(addressField('body.shippingAddress.nope')).toBeNull();
  });
});
