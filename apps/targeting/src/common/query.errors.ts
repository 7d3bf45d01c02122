import { declareError } from '@sdp/service';

/** A query expression (a client list's filter, a query rule, a preview) does not parse. */
export const queryInvalid = declareError('QUERY_INVALID', 'rule-broken');
