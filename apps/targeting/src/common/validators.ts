import { ipAddressSchema } from '@sdp/contracts';
import { registerDecorator, ValidationOptions } from 'class-validator';

/** The same IP address rule the event contract applies, so nothing valid here fails there. */
export function IsIpAddress(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIpAddress',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must hold IPv4 or IPv6 addresses`, ...options },
      validator: { validate: (value: unknown) => ipAddressSchema.safeParse(value).success },
    });
}

/** A JSON object PostgreSQL's jsonb can store: it refuses the NUL character in strings. */
export function IsJsonDocument(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isJsonDocument',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a JSON object without NUL characters`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && !JSON.stringify(value).includes('\\u0000'),
      },
    });
}
