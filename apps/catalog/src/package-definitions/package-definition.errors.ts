import { declareError } from '@sdp/service';

/** A package definition file is malformed or breaks a rule of the format; the message names the line and key. */
export const packageDefinitionInvalid = declareError('PACKAGE_DEFINITION_INVALID', 'rule-broken');
/** A package definition file is larger than the limit. */
export const packageDefinitionTooLarge = declareError('PACKAGE_DEFINITION_TOO_LARGE', 'too-large');
/** A definition file sent with a Content-Type other than text/plain or application/octet-stream. */
export const packageDefinitionTypeUnsupported = declareError('PACKAGE_DEFINITION_TYPE_UNSUPPORTED', 'unsupported-media-type');
