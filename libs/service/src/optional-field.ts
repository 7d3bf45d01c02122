import { ValidateIf } from 'class-validator';

/**
 * The field may be left out of the request; when it is sent, every other rule of the field
 * applies — to `null` too. (class-validator's `@IsOptional()` also waves `null` through, which
 * sent `{"name": null}` on to NOT NULL columns as a 500.) Keep `@IsOptional()` only for fields
 * whose `null` means something ("never expires", "unlimited").
 */
export function OptionalField(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
