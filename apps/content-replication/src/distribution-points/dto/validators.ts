import { cidrSchema } from '@sdp/contracts';
import { ValidateBy, ValidationOptions } from 'class-validator';

export const NAME_PATTERN = /^[a-z0-9-]{1,63}$/;
export const NAME_MESSAGE = 'must be 1 to 63 lower-case letters, digits or hyphens';
export const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
export const SITE_CODE_PATTERN = /^[A-Z0-9]{3}$/;

/** An IPv4 or IPv6 network in CIDR notation, by the same rule the event schema applies. */
export function IsCidr(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCidr',
      validator: {
        validate: (value: unknown) => cidrSchema.safeParse(value).success,
        defaultMessage: () => 'each value in $property must be a network in CIDR notation, e.g. 10.1.0.0/16',
      },
    },
    options,
  );
}
