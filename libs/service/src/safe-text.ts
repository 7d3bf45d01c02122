import { firstUnprintable } from '@sdp/text';
import { registerDecorator } from 'class-validator';

/** The constraint's name: a request whose only problems are these is well-formed but refused (422). */
export const SAFE_TEXT_CONSTRAINT = 'isSafeText';

export interface SafeTextOptions {
  /** Tabs and line breaks are allowed (comments, descriptions). */
  multiline?: boolean;
  /** A value is required: whitespace alone is refused. */
  required?: boolean;
}

/** Why `value` is not safe text, or undefined when it is (or is no string: other rules judge that). */
export function unsafeTextProblem(value: unknown, options: SafeTextOptions = {}): string | undefined {
  if (typeof value !== 'string') return undefined;
  const found = firstUnprintable(value, options);
  if (found) return `must not contain control characters or bidi overrides (found ${found})`;
  if (options.required && value.trim() === '') return 'must not be only whitespace';
  return undefined;
}

/**
 * Text that people read in consoles and terminals and that clients use as names: no control
 * characters, no bidi overrides, and not only whitespace where a value is required. A violation is
 * a 422 naming the field.
 */
export function SafeText(options: SafeTextOptions = {}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: SAFE_TEXT_CONSTRAINT,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { each: false },
      validator: {
        validate: (value: unknown) => unsafeTextProblem(value, options) === undefined,
        defaultMessage: (args) => `${args?.property ?? String(propertyName)} ${unsafeTextProblem(args?.value, options) ?? 'is not safe text'}`,
      },
    });
}
