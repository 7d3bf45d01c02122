import { UnauthorizedException } from '@nestjs/common';
import { withCode } from '@sdp/auth';
import { declareError } from '@sdp/service';

/**
 * Declares the code of one failed credential check on a `@ThrottleAuthFailures()` route (401) and
 * returns its factory. The refusal stays an UnauthorizedException, the only kind that interceptor
 * counts toward the caller's throttle, and carries its code as the auth guard's refusals do (withCode).
 */
export function declareAuthFailure(code: string): (message: string) => UnauthorizedException & { readonly code: string } {
  declareError(code, 'unauthenticated');
  return (message) => withCode(new UnauthorizedException(message), code);
}
