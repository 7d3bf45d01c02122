import { declareError } from '@sdp/service';

/** The program the path names does not exist in its package. */
export const programNotFound = declareError('PROGRAM_NOT_FOUND', 'not-found');
/** The package already has a program of the name a new program is given. */
export const programAlreadyExists = declareError('PROGRAM_ALREADY_EXISTS', 'conflict');
/** dependsOn names a program that does not exist. */
export const programUnknown = declareError('PROGRAM_UNKNOWN', 'rule-broken');
/** dependsOn would close a loop: the dependency depends, directly or through others, on the program itself. */
export const programDependencyLoop = declareError('PROGRAM_DEPENDENCY_LOOP', 'rule-broken');
/** A program an advertisement runs, or other programs depend on, cannot be deleted. */
export const programInUse = declareError('PROGRAM_IN_USE', 'conflict');
