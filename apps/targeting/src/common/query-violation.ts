import { DomainError, FieldProblem } from '@sdp/service';
import { ParseError } from '../query';
import { queryInvalid } from './query.errors';

/** The field's problem, with where in the expression, what was expected there and what was found. */
interface QueryProblem extends FieldProblem {
  position: number;
  expected: readonly string[];
  found: string;
}

/** A query expression that does not parse: 422 with where and what was expected. */
export function queryViolation(field: string, error: ParseError): DomainError {
  const details: QueryProblem[] = [{ field, problems: [error.message], position: error.position, expected: error.expected, found: error.found }];
  return queryInvalid(`${field}: ${error.message}`, details);
}
