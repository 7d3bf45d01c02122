import { ApiError } from '../api/api-error';

export type FieldErrors = Record<string, string | undefined>;

/** Client-side messages first; for fields the client found fine, whatever the API said about them. */
export function mergeFieldErrors(fields: readonly string[], local: FieldErrors, apiError: unknown): FieldErrors {
  const merged: FieldErrors = { ...local };
  if (apiError instanceof ApiError) {
    for (const field of fields) {
      merged[field] = merged[field] ?? apiError.fieldMessage(field);
    }
  }
  return merged;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
