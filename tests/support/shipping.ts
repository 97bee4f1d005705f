/** A valid destination for tests that check out but are not about shipping (US, standard: no tax). */
export const TEST_ADDRESS = {
  name: 'Ada Lovelace',
  line1: '1 Infinite Loop',
  city: 'Cupertino',
  region: 'CA',
  postalCode: '95014',
  country: 'US',
} as const;

/** The shipping part of a checkout body (or CheckoutRequest) shipping to TEST_ADDRESS by standard shipping. */
export const SHIP_STANDARD = { shippingMethod: 'standard', shippingAddress: TEST_ADDRESS } as const;
