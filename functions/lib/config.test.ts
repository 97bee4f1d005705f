import { describe, expect, it } from 'vitest';
import { readCatalogFunctionConfig } from './config.js';

describe('catalog function configuration', () => {
  it('applies defaults and treats empty optional variables as unset', () => {
    const config = readCatalogFunctionConfig({ CATALOG_TABLE: 'shop-dev-catalog', REDIS_URL: '' });
    expect(config).toMatchObject({
      STAGE: 'local',
      DYNAMODB_TIMEOUT_MS: 1000,
      CACHE_TIMEOUT_MS: 50,
      LOG_LEVEL: 'info',
    });
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('names every bad variable and what it must be', () => {
    expect(() =>
      readCatalogFunctionConfig({ CACHE_TIMEOUT_MS: 'fast', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /CATALOG_TABLE \(not set\): required[\s\S]*REDIS_URL \(got "not a url"\): must be a redis[\s\S]*CACHE_TIMEOUT_MS \(got "fast"\): must be a whole number[\s\S]*LOG_LEVEL/,
        ),
      }),
    );
  });
});
