import { declareError } from '@sdp/service';
import { declareAuthFailure } from '../common/auth-failure';

/** The enrollment secret the path names (by ID or name) does not exist. */
export const enrollmentSecretNotFound = declareError('ENROLLMENT_SECRET_NOT_FOUND', 'not-found');
/** An enrollment secret with this name exists already, revoked or not. */
export const enrollmentSecretAlreadyExists = declareError('ENROLLMENT_SECRET_ALREADY_EXISTS', 'conflict');
/** A registration's enrollment secret is unknown, revoked or expired (the answer does not say which). */
export const enrollmentSecretInvalid = declareAuthFailure('ENROLLMENT_SECRET_INVALID');
