import { UnprocessableEntityException } from '@nestjs/common';
import { ParseError } from '../query';

/** A query expression that does not parse: 422 with where and what was expected. */
export function queryViolation(field: string, error: ParseError): UnprocessableEntityException {
  return new UnprocessableEntityException({
    message: `${field}: ${error.message}`,
    details: [{ field, problems: [error.message], position: error.position, expected: error.expected, found: error.found }],
  });
}
