import { declareError } from '@sdp/service';

/** A refresh was asked of a package without a sourceLocation. */
export const sourceLocationNotSet = declareError('SOURCE_LOCATION_NOT_SET', 'conflict');
/** The source directory is missing, not a directory, or resolves (through links) outside the source root. */
export const sourceDirectoryUnusable = declareError('SOURCE_DIRECTORY_UNUSABLE', 'rule-broken');
/** The S3 source location could not be listed or read: unreachable, wrong credentials, missing bucket. */
export const sourceLocationUnreadable = declareError('SOURCE_LOCATION_UNREADABLE', 'upstream-failed');
