import { describe, expect, it } from 'vitest';
import { readServiceConfig } from './config.js';

const base = {
  DATABASE_URL: 'postgres://shop:pw@db.internal:5432/shop',
  CATALOG_TABLE: 'shop-x-catalog',
  CARTS_TABLE: 'shop-x-carts',
};

describe('service configuration', () => {
  it('lets the local and ci stages run on the test card gateway and plain-HTTP cookies', () => {
    for (const STAGE of ['local', 'ci']) {
      expect(readServiceConfig({ ...base, STAGE, SECURE_COOKIES: 'false' }).PAYMENTS_URL).toBeUndefined();
    }
  });

  it('stops any other stage without an https payment provider, with secure cookies and TLS to Redis', () => {
    expect(() => readServiceConfig({ ...base, STAGE: 'prod' })).toThrow(/PAYMENTS_URL \(not set\): required/);
    expect(() =>
      readServiceConfig({ ...base, STAGE: 'staging', PAYMENTS_URL: 'http://127.0.0.1:3190' }),
    ).toThrow(/PAYMENTS_URL .*must be an https/);
    expect(() =>
      readServiceConfig({
        ...base,
        STAGE: 'prod',
        PAYMENTS_URL: 'https://pay.example',
        SECURE_COOKIES: 'false',
      }),
    ).toThrow(/SECURE_COOKIES/);
    expect(
      readServiceConfig({ ...base, STAGE: 'prod', PAYMENTS_URL: 'https://pay.example' }).PAYMENTS_URL,
    ).toBe('https://pay.example');
  });

  it('never echoes the credentials of a bad URL', () => {
    let message = '';
    try {
      readServiceConfig({ ...base, DATABASE_URL: 'postgres://admin:hunter2@db internal/shop' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL \(got "postgres:\/\/\*\*\*@db internal\/shop"\)/);
    expect(message).not.toContain('hunter2');
  });
});
