import { HttpException } from '@nestjs/common';

/**
 * The stable codes of the authentication and authorization refusals of every service (the error
 * body's `code`; libs/service lists them in each OpenAPI document). The throttle's 429 is THROTTLED.
 */
export const AUTH_REFUSAL_CODES = {
  /** 401: no `Authorization: Bearer` header. */
  tokenMissing: 'TOKEN_MISSING',
  /** 401: neither a valid admin token nor a genuine, current client token. */
  tokenInvalid: 'TOKEN_INVALID',
  /** 403: the client token names a client that is blocked or deleted. */
  clientBlocked: 'CLIENT_BLOCKED',
  /** 403: a client token on an admin endpoint. */
  adminTokenRequired: 'ADMIN_TOKEN_REQUIRED',
  /** 403: a client token naming another client than the path. */
  clientTokenOfOtherClient: 'CLIENT_TOKEN_OF_OTHER_CLIENT',
  /** 403: an admin token on an endpoint only clients use. */
  clientEndpoint: 'CLIENT_ENDPOINT',
  /** 403: the admin token's role may not do this. */
  roleNotAllowed: 'ROLE_NOT_ALLOWED',
} as const;

/**
 * An HTTP refusal that carries its code. The body Nest would make of it is unchanged; the
 * services' HttpErrorFilter adds `code`.
 */
export function withCode<TException extends HttpException>(exception: TException, code: string): TException & { readonly code: string } {
  return Object.assign(exception, { code });
}
