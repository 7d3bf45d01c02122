export interface FieldProblem {
  field: string;
  problems: string[];
  position?: number;
  expected?: string[];
  found?: string;
}

/** An answer other than 2xx, in the services' error shape {statusCode, error, code, message, details?}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldProblem[] = [],
    /** The services' stable code (`DISTRIBUTION_POINT_IN_USE`): decide on it, not on the message. */
    readonly code?: string,
    /** The whole answer, for the fields some errors carry besides these (the candidates of an ambiguous name). */
    readonly answer: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Problems the API reported for one field, joined into one sentence. */
  fieldMessage(field: string): string | undefined {
    const problems = this.details.filter((detail) => detail.field === field || detail.field.startsWith(`${field}.`)).flatMap((detail) => detail.problems);
    return problems.length > 0 ? problems.join('; ') : undefined;
  }

  /** The details as sentences, leaving out those the message already says (the services often repeat them there). */
  detailsBeyondMessage(): string[] {
    return this.details
      .filter((detail) => detail.problems.some((problem) => !this.message.includes(problem)))
      .map((detail) => `${detail.field}: ${detail.problems.join('; ')}`);
  }
}

const STATUS_WORDS: Record<number, string> = {
  400: 'The request was not accepted',
  401: 'Your token was not accepted; sign in again',
  403: 'Your role may not do this',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported content type',
  422: 'Not allowed by the rules',
  502: 'A service is not reachable',
  503: 'A service is not ready',
};

function parseDetails(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is FieldProblem => typeof item === 'object' && item !== null && typeof (item as FieldProblem).field === 'string').map((item) => ({
    ...item,
    problems: Array.isArray(item.problems) ? item.problems.map(String) : [],
  }));
}

export function apiErrorFrom(status: number, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message = typeof record.message === 'string' && record.message.trim() !== '' ? record.message : (STATUS_WORDS[status] ?? `The service answered HTTP ${status}`);
  return new ApiError(status, message, parseDetails(record.details), typeof record.code === 'string' ? record.code : undefined, record);
}

/** Any thrown value in words an administrator can act on. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const prefix = STATUS_WORDS[error.status];
    return prefix && !error.message.startsWith(prefix) ? `${prefix}: ${error.message}` : error.message;
  }
  if (error instanceof TypeError) {
    return 'The console server could not be reached. Check your network connection and that the console is running.';
  }
  return error instanceof Error ? error.message : String(error);
}
