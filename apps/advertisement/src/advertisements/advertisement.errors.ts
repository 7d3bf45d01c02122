import { declareError } from '@sdp/service';

/** The advertisement the request names does not exist. */
export const advertisementNotFound = declareError('ADVERTISEMENT_NOT_FOUND', 'not-found');
/** An advertisement cannot be created for, or pointed at, a disabled program. */
export const programDisabled = declareError('PROGRAM_DISABLED', 'rule-broken');
