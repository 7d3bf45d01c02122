import { HttpStatus } from '@nestjs/common';
import { AUTH_REFUSAL_CODES } from '@sdp/auth';

/** One field of a request and what is wrong with it: the `details` of validation and rule errors. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/**
 * What kind of failure a domain error is. Features say what went wrong in these terms; the HTTP
 * status each maps to is decided once, in HTTP_STATUS_OF_KIND (used by HttpErrorFilter).
 */
export type DomainErrorKind =
  | 'bad-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rule-broken'
  | 'throttled'
  | 'upstream-failed'
  | 'unavailable';

export const HTTP_STATUS_OF_KIND: Readonly<Record<DomainErrorKind, HttpStatus>> = {
  'bad-request': HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'precondition-failed': HttpStatus.PRECONDITION_FAILED,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  'unsupported-media-type': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  'rule-broken': HttpStatus.UNPROCESSABLE_ENTITY,
  throttled: HttpStatus.TOO_MANY_REQUESTS,
  'upstream-failed': HttpStatus.BAD_GATEWAY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * A failure of the domain, with a stable machine-readable code (`PACKAGE_IN_USE`) that the CLI,
 * the console and other clients may rely on instead of the message. Thrown from services and rule
 * files; HttpErrorFilter answers it with its kind's status and `{ statusCode, error, code, message, details }`.
 * Create them with the factories declareError returns, declared beside their feature.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: FieldProblem[] | Record<string, unknown>,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The codes answered by every service for failures that are no feature's (see HttpErrorFilter). */
export const GENERIC_ERROR_CODES = {
  [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PRECONDITION_FAILED]: 'PRECONDITION_FAILED',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.UNPROCESSABLE_ENTITY]: 'RULE_BROKEN',
  [HttpStatus.TOO_MANY_REQUESTS]: 'THROTTLED',
  [HttpStatus.BAD_GATEWAY]: 'UPSTREAM_FAILED',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'UNAVAILABLE',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'INTERNAL_ERROR',
} as const satisfies Partial<Record<HttpStatus, string>>;

/** Request input that fails validation (class-validator, unstorable input, path parameters): 400 or 422 with `details`. */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';
/** A body that is not JSON. */
export const MALFORMED_JSON = 'MALFORMED_JSON';
/** Two requests created the same thing at once (a unique violation): 409. */
export const ALREADY_EXISTS = 'ALREADY_EXISTS';

/** A 4xx no code names (405, 406, 410, ...). */
const UNMAPPED_ERROR_CODE = 'ERROR';

/** The generic code of a status without one of its own. */
export function genericErrorCode(status: number): string {
  const code = (GENERIC_ERROR_CODES as Partial<Record<number, string>>)[status];
  return code ?? (status >= 500 ? 'INTERNAL_ERROR' : UNMAPPED_ERROR_CODE);
}

/** Makes the DomainError of one declared code. */
export type ErrorFactory = (message: string, details?: DomainError['details'], headers?: DomainError['headers']) => DomainError;

const declaredCodes = new Map<string, DomainErrorKind>();

/** Every code declared in this process, generic and domain, for the OpenAPI document's ErrorBody. */
export function knownErrorCodes(): string[] {
  const generic = [...Object.values(GENERIC_ERROR_CODES), VALIDATION_FAILED, MALFORMED_JSON, ALREADY_EXISTS, UNMAPPED_ERROR_CODE];
  return [...new Set([...generic, ...Object.values(AUTH_REFUSAL_CODES), ...declaredCodes.keys()])].sort();
}

/**
 * Declares one domain error code beside its feature and returns its factory:
 * `export const packageInUse = declareError('PACKAGE_IN_USE', 'conflict');` then
 * `throw packageInUse('package S0100001 is used by …', details)`. A code means one thing in
 * every service; declaring it twice with another kind is a programming error.
 */
export function declareError(code: string, kind: DomainErrorKind): ErrorFactory {
  if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)) throw new Error(`error code ${code} must be UPPER_SNAKE_CASE`);
  const declared = declaredCodes.get(code);
  if (declared && declared !== kind) throw new Error(`error code ${code} is declared as ${declared} and as ${kind}`);
  declaredCodes.set(code, kind);
  return (message, details, headers) => new DomainError(code, kind, message, details, headers);
}
