import { declareError } from '@sdp/service';

/** A distribution point that holds or is assigned packages is deleted only with ?force=true. */
export const distributionPointInUse = declareError('DISTRIBUTION_POINT_IN_USE', 'conflict');
