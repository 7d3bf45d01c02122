import { UnauthorizedException } from '@nestjs/common';
import { declareError } from '@sdp/service';

/**
 * A failed credential check on a `@ThrottleAuthFailures()` route (401), with its declared code.
 * It stays an UnauthorizedException because that interceptor counts only those toward the
 * caller's throttle; HttpErrorFilter answers it like a DomainError of kind `unauthenticated`.
 */
export class AuthFailure extends UnauthorizedException {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super({ message, code });
  }
}

/** Declares the code of one failed credential check and returns its factory, as declareError does. */
export function declareAuthFailure(code: string): (message: string) => AuthFailure {
  declareError(code, 'unauthenticated');
  return (message) => new AuthFailure(code, message);
}
