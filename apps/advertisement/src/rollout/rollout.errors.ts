import { declareError } from '@sdp/service';

/** The advertisement exists but was created without phases. */
export const rolloutNotFound = declareError('ROLLOUT_NOT_FOUND', 'not-found');
/** The control asked for does not fit the rollout's state (approve when it is not waiting, resume when not paused, …). */
export const rolloutStateConflict = declareError('ROLLOUT_STATE_CONFLICT', 'conflict');
