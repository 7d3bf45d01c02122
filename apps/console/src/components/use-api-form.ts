import { FormEvent, useState } from 'react';
import { FieldErrors, hasErrors, mergeFieldErrors } from './form-errors';

export interface ApiFormOptions<TValues, TSaved> {
  initial: () => TValues;
  /** The fields the API may name in a 400/422, so its messages land beside them. */
  fields: readonly string[];
  validate(values: TValues): FieldErrors;
  save(values: TValues): Promise<TSaved>;
  onSaved(saved: TSaved): void;
}

/**
 * The life of every edit form of the console: values, checks shown once the user tried to
 * submit, one request at a time, and the API's refusal shown both beside its fields and as a whole.
 */
export function useApiForm<TValues extends object, TSaved>(options: ApiFormOptions<TValues, TSaved>) {
  const [values, setStoredValues] = useState<TValues>(options.initial);
  const [submitted, setSubmitted] = useState(false);
  const [apiError, setApiError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const errors = mergeFieldErrors(options.fields, submitted ? options.validate(values) : {}, apiError);
  /** A change of the form: the service's refusal was about what it was before, so its banner goes. */
  const setValues: typeof setStoredValues = (next) => {
    setApiError(undefined);
    setStoredValues(next);
  };
  const set =
    <K extends keyof TValues>(key: K) =>
    (value: TValues[K]) =>
      setValues((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (hasErrors(options.validate(values))) return;
    setBusy(true);
    setApiError(undefined);
    try {
      options.onSaved(await options.save(values));
    } catch (error) {
      setApiError(error);
    } finally {
      setBusy(false);
    }
  };

  return { values, setValues, set, errors, apiError, busy, submit };
}
