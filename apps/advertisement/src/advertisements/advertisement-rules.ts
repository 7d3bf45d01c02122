import { MandatoryAssignmentData, mandatoryAssignmentSchema, MAX_MANDATORY_ASSIGNMENTS, RETRY_LIMITS, RetrySettingsData } from '@sdp/contracts';

export interface RuleProblem {
  field: string;
  why: string;
}

/**
 * Parses the mandatory assignments: at most 15, each a well-formed schedule; a recurring one
 * must repeat after a non-zero ISO-8601 duration.
 */
export function parseMandatoryAssignments(raw: readonly unknown[]): { assignments: MandatoryAssignmentData[] } | { problem: RuleProblem } {
  if (raw.length > MAX_MANDATORY_ASSIGNMENTS) {
    return { problem: { field: 'mandatory', why: `at most ${MAX_MANDATORY_ASSIGNMENTS} mandatory assignments, got ${raw.length}` } };
  }
  const assignments: MandatoryAssignmentData[] = [];
  for (const [index, entry] of raw.entries()) {
    const parsed = mandatoryAssignmentSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
      return { problem: { field: `mandatory[${index}]${path}`, why: issue.message } };
    }
    const assignment = parsed.data;
    if (assignment.type === 'recurring' && !/[1-9]/.test(assignment.every)) {
      return { problem: { field: `mandatory[${index}].every`, why: 'a recurring schedule must repeat after more than zero time' } };
    }
    assignments.push(normaliseTimes(assignment));
  }
  return { assignments };
}

/** expiresAt, when set, must come after availableAt. */
export function checkAvailabilityWindow(availableAt: string, expiresAt: string | null): RuleProblem | null {
  if (expiresAt !== null && Date.parse(expiresAt) <= Date.parse(availableAt)) {
    return { field: 'expiresAt', why: `must be after availableAt (${availableAt})` };
  }
  return null;
}

/** Stored and published in one form (UTC, milliseconds), whatever offset the caller wrote. */
export function normaliseTimestamp(value: string): string {
  return new Date(value).toISOString();
}

function normaliseTimes(assignment: MandatoryAssignmentData): MandatoryAssignmentData {
  if (assignment.type === 'at' || assignment.type === 'recurring') {
    return { ...assignment, at: normaliseTimestamp(assignment.at) };
  }
  return assignment;
}

/**
 * The retry settings from the request's fields over the current ones: attempts within
 * RETRY_LIMITS.maxAttempts, waits within RETRY_LIMITS.backoffSeconds, the longest wait not below the first.
 */
export function mergeRetrySettings(current: RetrySettingsData, change: Partial<RetrySettingsData>): { retry: RetrySettingsData } | { problem: RuleProblem } {
  const retry: RetrySettingsData = {
    maxAttempts: change.maxAttempts ?? current.maxAttempts,
    initialBackoffSeconds: change.initialBackoffSeconds ?? current.initialBackoffSeconds,
    maxBackoffSeconds: change.maxBackoffSeconds ?? current.maxBackoffSeconds,
  };
  const { maxAttempts, backoffSeconds } = RETRY_LIMITS;
  if (retry.maxAttempts < maxAttempts.min || retry.maxAttempts > maxAttempts.max) {
    return { problem: { field: 'retry.maxAttempts', why: `must be ${maxAttempts.min} to ${maxAttempts.max}, got ${retry.maxAttempts}` } };
  }
  for (const field of ['initialBackoffSeconds', 'maxBackoffSeconds'] as const) {
    if (retry[field] < backoffSeconds.min || retry[field] > backoffSeconds.max) {
      return { problem: { field: `retry.${field}`, why: `must be ${backoffSeconds.min} to ${backoffSeconds.max} seconds, got ${retry[field]}` } };
    }
  }
  if (retry.maxBackoffSeconds < retry.initialBackoffSeconds) {
    return { problem: { field: 'retry.maxBackoffSeconds', why: `must not be below initialBackoffSeconds (${retry.initialBackoffSeconds})` } };
  }
  return { retry };
}
