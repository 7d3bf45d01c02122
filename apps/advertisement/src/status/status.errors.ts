import { declareError } from '@sdp/service';

/** A client sent more status reports in one request than STATUS_BATCH_LIMIT. */
export const statusBatchTooLarge = declareError('STATUS_BATCH_TOO_LARGE', 'too-large');
/** A status report does not have the shape of one; `details` name the fields. */
export const statusReportInvalid = declareError('STATUS_REPORT_INVALID', 'bad-request');
/** A report's program output is longer than PROGRAM_OUTPUT_MAX_CHARS or holds unescaped control characters; `details` name the fields. */
export const statusOutputInvalid = declareError('STATUS_OUTPUT_INVALID', 'rule-broken');
/** A client this service has not heard of (yet): targeting's event about it has not arrived, or it does not exist. */
export const clientNotKnown = declareError('CLIENT_NOT_FOUND', 'not-found');
