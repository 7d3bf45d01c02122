import { declareError } from '@sdp/service';

/** A client sent more status reports in one request than STATUS_BATCH_LIMIT. */
export const statusBatchTooLarge = declareError('STATUS_BATCH_TOO_LARGE', 'too-large');
/** A status report does not have the shape of one; `details` name the fields. */
export const statusReportInvalid = declareError('STATUS_REPORT_INVALID', 'bad-request');
