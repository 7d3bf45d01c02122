import { declareError } from '@sdp/service';

/** "Retry failed" named one client, and that client's last run of the advertisement did not fail. */
export const clientNotFailed = declareError('CLIENT_NOT_FAILED', 'conflict');
/** "Retry failed" named a phase the advertisement's rollout does not have. */
export const retryPhaseUnknown = declareError('PHASE_UNKNOWN', 'rule-broken');
/** "Retry failed" named both a client and a phase. */
export const retryScopeAmbiguous = declareError('RETRY_SCOPE_AMBIGUOUS', 'rule-broken');
/** A rerun named a client the advertisement does not apply to (Explain's rule); the message says why. */
export const clientNotTargeted = declareError('CLIENT_NOT_TARGETED', 'conflict');
