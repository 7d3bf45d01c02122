import { randomBytes } from 'node:crypto';
import { loadCatalogConfig } from './config';

describe('loadCatalogConfig', () => {
  it('refuses the built-in secret encryption key in production', () => {
    expect(() => loadCatalogConfig({ NODE_ENV: 'production' })).toThrow('CATALOG_SECRET_ENCRYPTION_KEY must be set in production');
  });

  it('accepts a key of its own in production, and the built-in key elsewhere', () => {
    const key = randomBytes(32).toString('hex');
    expect(loadCatalogConfig({ NODE_ENV: 'production', CATALOG_SECRET_ENCRYPTION_KEY: key }).CATALOG_SECRET_ENCRYPTION_KEY).toBe(key);
    expect(loadCatalogConfig({}).CATALOG_SOURCE_ROOT).toBe('./.stack/catalog-sources');
  });
});
