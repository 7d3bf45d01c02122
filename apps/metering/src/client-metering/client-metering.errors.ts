import { declareError } from '@sdp/service';

/** A usage batch is malformed (not `{records: [...]}`, a record with wrong or missing fields); details name them. */
export const usageBatchInvalid = declareError('USAGE_BATCH_INVALID', 'bad-request');
/** A usage batch carries more records than USAGE_BATCH_LIMIT. */
export const usageBatchTooLarge = declareError('USAGE_BATCH_TOO_LARGE', 'too-large');
/** A well-formed usage record breaks a rule of time: it ends before it starts, or lies in the future. */
export const usageRecordInvalid = declareError('USAGE_RECORD_INVALID', 'rule-broken');
