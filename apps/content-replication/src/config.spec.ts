import { randomBytes } from 'node:crypto';
import { generateClientTokenKeyPair } from '@sdp/auth';
import { loadReplicationConfig } from './config';

describe('loadReplicationConfig', () => {
  it('runs on the local-only encryption key outside production', () => {
    expect(loadReplicationConfig({ NODE_ENV: 'development' }).SDP_SECRET_ENCRYPTION_KEY).toHaveLength(44);
  });

  it('refuses the local-only encryption key in production, naming the variable', () => {
    expect(() => loadReplicationConfig({ NODE_ENV: 'production' })).toThrow(/SDP_SECRET_ENCRYPTION_KEY/);
  });

  it('accepts a real key in production and rejects a malformed one', () => {
    const key = randomBytes(32).toString('base64');
    const grantKey = generateClientTokenKeyPair().publicKey;
    expect(loadReplicationConfig({ NODE_ENV: 'production', SDP_SECRET_ENCRYPTION_KEY: key, SDP_CONTENT_GRANT_PUBLIC_KEY: grantKey }).SDP_SECRET_ENCRYPTION_KEY).toBe(key);
    expect(() => loadReplicationConfig({ SDP_SECRET_ENCRYPTION_KEY: 'short' })).toThrow(/SDP_SECRET_ENCRYPTION_KEY/);
  });

  it('refuses to run in production without a content grant public key of its own', () => {
    const key = randomBytes(32).toString('base64');
    expect(() => loadReplicationConfig({ NODE_ENV: 'production', SDP_SECRET_ENCRYPTION_KEY: key })).toThrow(/SDP_CONTENT_GRANT_PUBLIC_KEY must be set/);
  });
});
