import { declareError, DomainError } from './domain-error';

/** What a client is told to wait before it asks again about an object another service owns. */
export const NOT_KNOWN_YET_RETRY_AFTER_SECONDS = 1;

const RETRY_AFTER = { 'Retry-After': String(NOT_KNOWN_YET_RETRY_AFTER_SECONDS) };

/**
 * A request named an object another service owns that this service has not heard of (yet): the
 * event that announces it may still be on its way. Answered with `Retry-After`; a client that
 * sends the Sdp-Consistency token of the write that made it does not see this.
 */
const notKnownYet = declareError('NOT_KNOWN_YET', 'not-found');
const referenceNotKnownYet = declareError('REFERENCE_NOT_KNOWN_YET', 'rule-broken');

const YET = 'not known here (yet): if it was just created, retry in a moment or send the Sdp-Consistency token of that write';

/** 404: the object the path names (e.g. `package S0100001`) is not known here yet. */
export function notFoundYet(what: string): DomainError {
  return notKnownYet(`${what} is ${YET}`, undefined, RETRY_AFTER);
}

/** 422 on a body field that references an object another service owns, not known here yet. */
export function unknownReference(field: string, what: string): DomainError {
  const why = `${what} is ${YET}`;
  return referenceNotKnownYet(`${field}: ${why}`, [{ field, problems: [why] }], RETRY_AFTER);
}
