import { HttpStatus } from '@nestjs/common';
import { genericErrorCode } from './domain-error';

/** The one error shape of every endpoint (api.md). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** Stable and machine-readable (`PACKAGE_IN_USE`, `VALIDATION_FAILED`, `NOT_FOUND`): rely on it, not on the message. */
  code: string;
  message: string;
  details?: unknown;
}

export function errorBody(statusCode: number, message: string, details?: unknown, code = genericErrorCode(statusCode)): ErrorBody {
  const body: ErrorBody = { statusCode, error: reasonPhrase(statusCode), code, message };
  if (details !== undefined) {
    body.details = details;
  }
  return body;
}

function reasonPhrase(statusCode: number): string {
  const name = HttpStatus[statusCode];
  if (!name) {
    return 'Error';
  }
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
