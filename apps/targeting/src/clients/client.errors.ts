import { declareError } from '@sdp/service';
import { declareAuthFailure } from '../common/auth-failure';

/** The client the request names does not exist. */
export const clientNotFound = declareError('CLIENT_NOT_FOUND', 'not-found');
/** A name that two or more clients have: the 409 lists them (candidates) to choose from by ID. */
export const CLIENT_NAME_AMBIGUOUS = 'CLIENT_NAME_AMBIGUOUS';
declareError(CLIENT_NAME_AMBIGUOUS, 'conflict');
/** A collection's direct rule names a client that does not exist. */
export const clientUnknown = declareError('CLIENT_UNKNOWN', 'rule-broken');
/** A blocked client registers, renews its token or adopts a key. */
export const clientBlocked = declareError('CLIENT_BLOCKED', 'forbidden');
/** A client no administrator has approved yet renews its token or adopts a key. */
export const clientNotApproved = declareError('CLIENT_NOT_APPROVED', 'forbidden');
/** A resolution for a client that is not a conflicting registration. */
export const clientNotConflicting = declareError('CLIENT_NOT_CONFLICTING', 'conflict');
/** Merge into the client a registration conflicts with, which has been deleted since. */
export const clientMergeTargetGone = declareError('CLIENT_MERGE_TARGET_GONE', 'conflict');

/** A registration's or adoption's publicKey is not an Ed25519 public key. */
export const clientPublicKeyInvalid = declareError('CLIENT_PUBLIC_KEY_INVALID', 'rule-broken');
/** A key proof's signature is not the key's signature of the challenge. */
export const clientProofInvalid = declareAuthFailure('CLIENT_PROOF_INVALID');
/** A key proof's challenge has expired. */
export const challengeExpired = declareAuthFailure('CHALLENGE_EXPIRED');
/** A key proof's challenge was not issued by this service. */
export const challengeInvalid = declareAuthFailure('CHALLENGE_INVALID');
/** A key proof's challenge was used before: a replay. */
export const challengeAlreadyUsed = declareAuthFailure('CHALLENGE_ALREADY_USED');
/** A token renewal for an ID no client with a key has. */
export const clientKeyMissing = declareAuthFailure('CLIENT_KEY_MISSING');
/** A key adoption without a valid token of the client. */
export const clientTokenRequired = declareAuthFailure('CLIENT_TOKEN_REQUIRED');
/** A key adoption for an ID no client has. */
export const clientNotRegistered = declareAuthFailure('CLIENT_NOT_REGISTERED');
/** A key adoption with the token of another client. */
export const clientTokenOfOtherClient = declareError('CLIENT_TOKEN_OF_OTHER_CLIENT', 'forbidden');
/** A key adoption by a client that has a key already. */
export const clientKeyAlreadyExists = declareError('CLIENT_KEY_ALREADY_EXISTS', 'forbidden');
