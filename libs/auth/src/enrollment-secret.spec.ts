import { loadEnrollmentSecretHash } from './enrollment-secret';
import { hashSecret, verifySecret } from './secret-hash';

describe('loadEnrollmentSecretHash', () => {
  it('uses the local default when unset', () => {
    expect(verifySecret('dev-enroll-secret', loadEnrollmentSecretHash({}))).toBe(true);
  });

  it('reads a plaintext or a hashed secret and keeps only the hash', () => {
    const fromPlain = loadEnrollmentSecretHash({ SDP_ENROLLMENT_SECRET: 'site-secret' });
    const fromHash = loadEnrollmentSecretHash({ SDP_ENROLLMENT_SECRET: hashSecret('site-secret') });

    expect(fromPlain).toBe(fromHash);
    expect(fromPlain).not.toContain('site-secret');
    expect(verifySecret('site-secret', fromHash)).toBe(true);
    expect(verifySecret('dev-enroll-secret', fromHash)).toBe(false);
  });
});
