import { declareError } from '@sdp/service';

/** The package the path names does not exist. */
export const packageNotFound = declareError('PACKAGE_NOT_FOUND', 'not-found');
/** A package an advertisement uses, or whose programs other packages' programs depend on, cannot be deleted. */
export const packageInUse = declareError('PACKAGE_IN_USE', 'conflict');
