import {
  BadRequestException,
  ParseIntPipe,
  ParseUUIDPipe,
  UnprocessableEntityException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { declareError, DomainError, ErrorFactory, FieldProblem, VALIDATION_FAILED } from './domain-error';
import { SAFE_TEXT_CONSTRAINT } from './safe-text';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function constraintNames(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [...Object.keys(error.constraints ?? {}), ...constraintNames(error.children ?? [])]);
}

/**
 * Request bodies, params and queries are validated against their DTO classes. Wrong types,
 * missing and unknown fields are malformed requests: 400 with every field that is wrong.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const summary = details.map((detail) => `${detail.field}: ${detail.problems.join(', ')}`).join('; ');
      // Well-formed text that breaks the text rules (control characters, bidi overrides,
      // whitespace alone) is a domain refusal; anything else wrong makes the request malformed.
      if (constraintNames(errors).every((name) => name === SAFE_TEXT_CONSTRAINT)) {
        return new UnprocessableEntityException({ message: summary, details, code: VALIDATION_FAILED });
      }
      return new BadRequestException({ message: `invalid request: ${summary}`, details, code: VALIDATION_FAILED });
    },
  });
}

const ruleBroken = declareError('RULE_BROKEN', 'rule-broken');

/**
 * A well-formed request that breaks a domain rule: 422 naming the field and why, with the
 * feature's code when it declared one for this rule (generic RULE_BROKEN otherwise).
 */
export function ruleViolation(field: string, why: string, error: ErrorFactory = ruleBroken): DomainError {
  return error(`${field}: ${why}`, [{ field, problems: [why] }]);
}

/**
 * A path parameter that must be a UUID (any version): 400 VALIDATION_FAILED otherwise, with
 * ParseUUIDPipe's message, like every other malformed request.
 */
export function uuidParam(): ParseUUIDPipe {
  return new ParseUUIDPipe({ version: undefined, exceptionFactory: (message) => new BadRequestException({ message, code: VALIDATION_FAILED }) });
}

/** A path parameter that must be a whole number: 400 VALIDATION_FAILED otherwise, with ParseIntPipe's message. */
export function integerParam(): ParseIntPipe {
  return new ParseIntPipe({ exceptionFactory: (message) => new BadRequestException({ message, code: VALIDATION_FAILED }) });
}
