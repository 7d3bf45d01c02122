import { declareError } from '@sdp/service';

/** The distribution point the path names does not exist. */
export const distributionPointNotFound = declareError('DISTRIBUTION_POINT_NOT_FOUND', 'not-found');
/** A body field (a group's members, an assignment's distributionPoints) names a distribution point that does not exist. */
export const distributionPointUnknown = declareError('DISTRIBUTION_POINT_UNKNOWN', 'rule-broken');
/** A distribution point of this name exists already. */
export const distributionPointAlreadyExists = declareError('DISTRIBUTION_POINT_ALREADY_EXISTS', 'conflict');
/** The bucket cannot be used at the endpoint: no answer in time, credentials refused, or it cannot be created. */
export const distributionPointBucketUnusable = declareError('DISTRIBUTION_POINT_BUCKET_UNUSABLE', 'rule-broken');
/** A change of accessKey or secretKey by anyone but an admin. */
export const distributionPointCredentialsAdminOnly = declareError('DISTRIBUTION_POINT_CREDENTIALS_ADMIN_ONLY', 'forbidden');
/** A distribution point that holds or is assigned packages is deleted only with ?force=true. */
export const distributionPointInUse = declareError('DISTRIBUTION_POINT_IN_USE', 'conflict');

/** The distribution point group the path names does not exist. */
export const distributionPointGroupNotFound = declareError('DISTRIBUTION_POINT_GROUP_NOT_FOUND', 'not-found');
/** A body field (an assignment's groups) names a distribution point group that does not exist. */
export const distributionPointGroupUnknown = declareError('DISTRIBUTION_POINT_GROUP_UNKNOWN', 'rule-broken');
/** A distribution point group of this name exists already. */
export const distributionPointGroupAlreadyExists = declareError('DISTRIBUTION_POINT_GROUP_ALREADY_EXISTS', 'conflict');
