import { printable } from '@sdp/text';

/**
 * Exit codes, documented in `sdp help`: scripts tell a typo in the command line (2) from a
 * request the services refused or could not serve (1), and a watch that gave up waiting (3).
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_TIMEOUT = 3;

/** An error the user should see as one line; anything else is a bug and shows its message too. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** A mistake in the command line: one problem, or several found in the same run (printed one a line). */
export class UsageError extends CliError {
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'), EXIT_USAGE);
    this.problems = list;
  }
}

/** A service answered with status ≥ 400; body is its `{statusCode, error, message, details?}` when it sent one. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly request: string,
  ) {
    super(describeApiError(status, body, request));
  }
}

interface FieldProblem {
  field?: unknown;
  problems?: unknown;
}

function describeApiError(status: number, body: unknown, request: string): string {
  if (typeof body !== 'object' || body === null) {
    const text = typeof body === 'string' && body.trim() !== '' ? `: ${body.trim()}` : '';
    return `${request}: HTTP ${status}${text}`;
  }
  const { error, message, details } = body as { error?: unknown; message?: unknown; details?: unknown };
  const head = typeof error === 'string' && error !== '' ? `${status} ${error}` : `HTTP ${status}`;
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : '';
  const fields = Array.isArray(details)
    ? [...new Set((details as FieldProblem[]).map((detail) => detail?.field).filter((field): field is string => typeof field === 'string'))]
    : [];
  const fieldPart = fields.length > 0 ? ` (fields: ${fields.join(', ')})` : '';
  return `${head}: ${text || request}${fieldPart}`;
}

/** The stderr line of a failed run: no stack, no newlines; a usage error gives one line per problem. */
export function errorLine(error: unknown): string {
  if (error instanceof UsageError && error.problems.length > 1) return error.problems.map((problem) => oneLine(problem)).join('\n');
  return oneLine(error instanceof Error ? error.message : String(error));
}

function oneLine(message: string): string {
  return `sdp: ${printable(message.replace(/\s*\n\s*/g, ' ').trim())}`;
}

export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : EXIT_FAILURE;
}
