import { ContentGrantIssuer, ContentGrantVerifier, DEV_CONTENT_GRANT_KEYPAIR, parseClientTokenPrivateKey, parseClientTokenPublicKey } from '@sdp/auth';
import { DomainError } from '@sdp/service';
import { requireContentGrant } from './require-content-grant';

describe('requireContentGrant', () => {
  const privateKey = parseClientTokenPrivateKey(DEV_CONTENT_GRANT_KEYPAIR.privateKey);
  const verifier = new ContentGrantVerifier(parseClientTokenPublicKey(DEV_CONTENT_GRANT_KEYPAIR.publicKey));
  const grants = new ContentGrantIssuer(privateKey);
  const request = { clientId: '8c0f4e4e-3f2a-4b8e-9a51-0d6f3c2b1a90', packageId: 'S0100001', version: 1 };

  const refusal = (grant: string | undefined): DomainError => {
    try {
      requireContentGrant(verifier, grant, request);
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('the grant was accepted');
  };

  it('accepts a grant for this client, package and version', () => {
    expect(() => requireContentGrant(verifier, grants.issue(request.clientId, request.packageId, request.version).grant, request)).not.toThrow();
  });

  it('refuses a request without a grant with CONTENT_GRANT_MISSING', () => {
    const refused = refusal(undefined);
    expect([refused.code, refused.kind]).toEqual(['CONTENT_GRANT_MISSING', 'forbidden']);
    expect(refused.message).toMatch(/^no content grant for S0100001 version 1: only a package version in this client's policy/);
  });

  it('refuses a grant of another client, version, a forged or an expired one with CONTENT_GRANT_INVALID and the reason', () => {
    const expired = new ContentGrantIssuer(privateKey, 60, () => Date.now() - 3_600_000).issue(request.clientId, request.packageId, request.version).grant;
    const refusals = [
      grants.issue('5b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', request.packageId, request.version).grant,
      grants.issue(request.clientId, request.packageId, 2).grant,
      'forged.grant.x',
      expired,
    ].map(refusal);
    expect(refusals.map((refused) => [refused.code, refused.kind, refused.message])).toEqual([
      ['CONTENT_GRANT_INVALID', 'forbidden', 'the content grant was made for another client'],
      ['CONTENT_GRANT_INVALID', 'forbidden', 'the content grant is for S0100001 version 2, not S0100001 version 1'],
      ['CONTENT_GRANT_INVALID', 'forbidden', 'the content grant is malformed'],
      ['CONTENT_GRANT_INVALID', 'forbidden', 'the content grant has expired; ask the advertisement service for a new one'],
    ]);
  });
});
