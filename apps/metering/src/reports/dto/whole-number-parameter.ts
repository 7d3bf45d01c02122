/**
 * A query parameter as a whole number from `min` to `max`, written in plain digits and no more of
 * them than `max` has; undefined when it is not one (the caller answers 422 naming the parameter).
 */
export function wholeNumberParameter(text: string, min: number, max: number): number | undefined {
  const value = text.length <= String(max).length && /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return value >= min && value <= max ? value : undefined;
}
