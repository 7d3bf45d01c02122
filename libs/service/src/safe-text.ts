import { registerDecorator } from 'class-validator';

/** The constraint's name: a request whose only problems are these is well-formed but refused (422). */
export const SAFE_TEXT_CONSTRAINT = 'isSafeText';

/**
 * C0 and C1 control characters (ESC sequences repaint terminals, BEL rings) and the bidi
 * embeddings, overrides and isolates that make `exe.\u202Etxt` read as `exe.txt`.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** The same, but a comment or description may hold tabs and line breaks. */
const UNSAFE_IN_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

export interface SafeTextOptions {
  /** Tabs and line breaks are allowed (comments, descriptions). */
  multiline?: boolean;
  /** A value is required: whitespace alone is refused. */
  required?: boolean;
}

/** Why `value` is not safe text, or undefined when it is (or is no string: other rules judge that). */
export function unsafeTextProblem(value: unknown, options: SafeTextOptions = {}): string | undefined {
  if (typeof value !== 'string') return undefined;
  const found = (options.multiline ? UNSAFE_IN_MULTILINE : UNSAFE).exec(value);
  if (found) {
    const codePoint = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control characters or bidi overrides (found U+${codePoint})`;
  }
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
