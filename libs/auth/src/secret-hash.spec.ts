import { hashSecret, secretHashFromSetting, verifySecret } from './secret-hash';

describe('secret hashing', () => {
  it('verifies the right secret and rejects others', () => {
    const hash = hashSecret('enroll-me');

    expect(hash).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(hash).not.toContain('enroll-me');
    expect(verifySecret('enroll-me', hash)).toBe(true);
    expect(verifySecret('enroll-me ', hash)).toBe(false);
    expect(verifySecret('', hash)).toBe(false);
  });

  it('rejects everything against a malformed stored hash', () => {
    expect(verifySecret('x', 'sha256=zz')).toBe(false);
  });

  it('reads a setting holding either the secret or its hash', () => {
    const hash = hashSecret('enroll-me');

    expect(secretHashFromSetting('enroll-me', 'V')).toBe(hash);
    expect(secretHashFromSetting(hash.toUpperCase().replace('SHA256=', 'sha256='), 'V')).toBe(hash);
    expect(() => secretHashFromSetting('sha256=enroll-me', 'SDP_ENROLLMENT_SECRET')).toThrow(
      /^SDP_ENROLLMENT_SECRET starts with sha256= but is not followed by 64 hex digits$/,
    );
  });
});
