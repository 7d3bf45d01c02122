import { declareError } from '@sdp/service';

/** A collection an advertisement targets, or other collections' rules name, cannot be deleted. */
export const collectionInUse = declareError('COLLECTION_IN_USE', 'conflict');
