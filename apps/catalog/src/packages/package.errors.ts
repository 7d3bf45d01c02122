import { declareError } from '@sdp/service';

/** A package an advertisement uses, or whose programs other packages' programs depend on, cannot be deleted. */
export const packageInUse = declareError('PACKAGE_IN_USE', 'conflict');
