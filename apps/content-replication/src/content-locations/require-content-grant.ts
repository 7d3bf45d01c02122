import { ContentGrantVerifier } from '@sdp/auth';
import { contentGrantInvalid, contentGrantMissing } from './content-location.errors';

/** Who asks for which package version's locations. */
export interface ContentRequest {
  clientId: string;
  packageId: string;
  version: number;
}

/** Refuses a request without a valid content grant for this client, package and version. */
export function requireContentGrant(verifier: ContentGrantVerifier, grant: string | undefined, request: ContentRequest): void {
  if (grant === undefined) {
    throw contentGrantMissing(`no content grant for ${request.packageId} version ${request.version}: only a package version in this client's policy can be fetched, with the grant the advertisement service gives for it (GET /api/v1/clients/:id/content-grant)`);
  }
  const check = verifier.check(grant, request);
  if (!check.ok) throw contentGrantInvalid(check.reason);
}
