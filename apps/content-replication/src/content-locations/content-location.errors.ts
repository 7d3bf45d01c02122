import { declareError } from '@sdp/service';

/** A client asks for content locations without a content grant. */
export const contentGrantMissing = declareError('CONTENT_GRANT_MISSING', 'forbidden');
/** The content grant is malformed, not signed by the advertisement service, expired, or for another client, package or version. */
export const contentGrantInvalid = declareError('CONTENT_GRANT_INVALID', 'forbidden');
/** Distribution points hold the version but its manifest cannot be read from the source store. */
export const packageVersionNotAvailable = declareError('PACKAGE_VERSION_NOT_AVAILABLE', 'not-found');
