import { declareError } from '@sdp/service';

/** A program an advertisement runs, or other programs depend on, cannot be deleted. */
export const programInUse = declareError('PROGRAM_IN_USE', 'conflict');
