import { declareError } from '@sdp/service';

/** "Retry failed" named one client, and that client's last run of the advertisement did not fail. */
export const clientNotFailed = declareError('CLIENT_NOT_FAILED', 'conflict');
