import { declareError } from '@sdp/service';

/** The package is command-only (hasSource false): it takes no source, by upload or refresh. */
export const packageCommandOnly = declareError('PACKAGE_COMMAND_ONLY', 'conflict');
/** The package has no source version of the number the path names. */
export const sourceVersionNotFound = declareError('SOURCE_VERSION_NOT_FOUND', 'not-found');
/** The version was published but its manifest is missing from the source store. */
export const sourceManifestMissing = declareError('SOURCE_MANIFEST_MISSING', 'not-found');
/** An upload is not a readable tar, tar.gz or zip: truncated, corrupt, or a zip entry that does not match its size or CRC-32. */
export const archiveUnreadable = declareError('ARCHIVE_UNREADABLE', 'bad-request');
/** An upload or source location is over the size or file limit, or expands like a decompression bomb. */
export const sourceTooLarge = declareError('SOURCE_TOO_LARGE', 'too-large');
/** An entry of an upload or a file of a source location breaks a rule: its name, its type (links, devices) or a colliding path. */
export const sourceEntryRefused = declareError('SOURCE_ENTRY_REFUSED', 'rule-broken');
/** An upload or source location holds no files. */
export const sourceEmpty = declareError('SOURCE_EMPTY', 'rule-broken');
/** An upload sent with a Content-Type that is no archive (tar, gzip, zip). */
export const archiveTypeUnsupported = declareError('ARCHIVE_TYPE_UNSUPPORTED', 'unsupported-media-type');
