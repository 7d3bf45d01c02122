import { declareError } from '@sdp/service';

/** A content grant was asked for a package version that no advertisement of the client's policy runs. */
export const contentNotInPolicy = declareError('CONTENT_NOT_IN_POLICY', 'forbidden');
