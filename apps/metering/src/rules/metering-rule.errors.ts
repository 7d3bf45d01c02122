import { declareError } from '@sdp/service';

/** The metering rule the request names does not exist. */
export const meteringRuleNotFound = declareError('METERING_RULE_NOT_FOUND', 'not-found');
/** A rule's fields break a metering rule rule (no executable named, malformed version pattern, negative licences, ...). */
export const meteringRuleInvalid = declareError('METERING_RULE_INVALID', 'rule-broken');
