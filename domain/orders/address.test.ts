import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.js';
import { ADDRESS_LIMITS, type AddressInput, shippingAddress } from './address.js';
import { SHIPPING_COUNTRIES } from './shipping.js';

const valid: AddressInput = {
  name: 'Ada Lovelace',
  line1: '12 Example Street',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

const fieldsOf = (input: unknown) => {
  try {
    shippingAddress(input as AddressInput);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return (error as DomainError).fields.map((f) => f.path);
  }
  return [];
};

describe('a shipping address', () => {
  it('trims every field, drops blank optional lines, and keeps the fields in one order', () => {
    const address = shippingAddress({
      name: '  Ada Lovelace ',
      line1: ' 12 Example Street',
      line2: '   ',
      city: 'Berlin ',
      region: ' Berlin ',
      postalCode: ' 10115 ',
      country: 'DE',
    });
    expect(address).toEqual({
      name: 'Ada Lovelace',
      line1: '12 Example Street',
      city: 'Berlin',
      region: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    });
    expect(Object.keys(address)).toEqual(['name', 'line1', 'city', 'region', 'postalCode', 'country']);
    expect(Object.keys(shippingAddress({ ...valid, line2: 'Flat 3' }))).toEqual([
      'name',
      'line1',
      'line2',
      'city',
      'postalCode',
      'country',
    ]);
  });

  it.each(['name', 'line1', 'city', 'postalCode', 'country'])('names a missing %s', (field) => {
    const { [field as keyof AddressInput]: _gone, ...rest } = valid;
    expect(fieldsOf(rest)).toEqual([`body.shippingAddress.${field}`]);
  });

  it.each(Object.entries(ADDRESS_LIMITS))('names a %s longer than %i characters', (field, limit) => {
    const long = field === 'postalCode' ? '1'.repeat(limit + 1) : 'a'.repeat(limit + 1);
    expect(fieldsOf({ ...valid, [field]: long })).toEqual([`body.shippingAddress.${field}`]);
    const longest = field === 'postalCode' ? '1'.repeat(limit) : 'a'.repeat(limit);
    expect(fieldsOf({ ...valid, [field]: longest })).toEqual([]);
  });

  it.each([
    ['a lower-case country', { country: 'de' }, 'country'],
    ['a country the shop does not ship to', { country: 'BR' }, 'country'],
    ['an alpha-3 country', { country: 'DEU' }, 'country'],
    ['a blank name', { name: '   ' }, 'name'],
    ['an empty city', { city: '' }, 'city'],
    ['a line break in line1', { line1: 'a\nb' }, 'line1'],
    ['a NUL in line2', { line2: 'a\u0000' }, 'line2'],
    ['a tab in region', { region: '\tBavaria' }, 'region'],
    ['a postal code with other characters', { postalCode: '10115!' }, 'postalCode'],
    ['a postal code of hyphens', { postalCode: '--' }, 'postalCode'],
    ['a blank postal code', { postalCode: '  ' }, 'postalCode'],
    ['a number for a name', { name: 42 }, 'name'],
  ])('names %s', (_case, change, field) => {
    expect(fieldsOf({ ...valid, ...change })).toEqual([`body.shippingAddress.${field}`]);
  });

  it('names every bad field at once, under the path it is given', () => {
    expect(() => shippingAddress({ ...valid, name: '', country: 'xx' }, 'body')).toThrow(
      /body\.name.*body\.country/,
    );
  });

  it('accepts the postal code shapes of the countries it ships to', () => {
    for (const postalCode of ['10115', '90210-1234', 'SW1A 1AA', 'K1A 0B1', '1010 AB', '100-0001', '114 55'])
      expect(shippingAddress({ ...valid, postalCode }).postalCode).toBe(postalCode);
  });

  it('accepts any text without control characters, in any country it ships to', () => {
    const isControl = (ch: string) => {
      const code = ch.codePointAt(0)!;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f);
    };
    const text = (max: number) =>
      fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: max })
        .filter((s) => s.length <= max && s.trim().length > 0 && ![...s].some(isControl));
    fc.assert(
      fc.property(
        text(100),
        text(200),
        text(100),
        fc.constantFrom(...SHIPPING_COUNTRIES),
        (name, line1, city, c) => {
          const address = shippingAddress({ name, line1, city, postalCode: 'AB 1-2', country: c });
          expect(address).toMatchObject({
            name: name.trim(),
            line1: line1.trim(),
            city: city.trim(),
            country: c,
          });
        },
      ),
    );
  });
});
