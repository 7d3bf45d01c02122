import { HttpStatus } from '@nestjs/common';

/** The one error shape of every endpoint (api.md). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export function errorBody(statusCode: number, message: string, details?: unknown): ErrorBody {
  const body: ErrorBody = { statusCode, error: reasonPhrase(statusCode), message };
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
