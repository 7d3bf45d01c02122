import { HttpException, HttpStatus } from '@nestjs/common';
import { errorBody } from './error-body';

/** What a client is told to wait before it asks again about an object another service owns. */
export const NOT_KNOWN_YET_RETRY_AFTER_SECONDS = 1;

/**
 * A request named an object another service owns that this service has not heard of (yet): the
 * event that announces it may still be on its way. Answered with `Retry-After` (see
 * HttpErrorFilter); a client that sends the Sdp-Consistency token of the write that made it does
 * not see this.
 */
export class NotKnownYetException extends HttpException {
  constructor(status: HttpStatus.NOT_FOUND | HttpStatus.UNPROCESSABLE_ENTITY, message: string, details?: unknown) {
    super(errorBody(status, message, details), status);
  }
}

const YET = 'not known here (yet): if it was just created, retry in a moment or send the Sdp-Consistency token of that write';

/** 404: the object the path names (e.g. `package S0100001`) is not known here yet. */
export function notFoundYet(what: string): NotKnownYetException {
  return new NotKnownYetException(HttpStatus.NOT_FOUND, `${what} is ${YET}`);
}

/** 422 on a body field that references an object another service owns, not known here yet. */
export function unknownReference(field: string, what: string): NotKnownYetException {
  const why = `${what} is ${YET}`;
  return new NotKnownYetException(HttpStatus.UNPROCESSABLE_ENTITY, `${field}: ${why}`, [{ field, problems: [why] }]);
}
