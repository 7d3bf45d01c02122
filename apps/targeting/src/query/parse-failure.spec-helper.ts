import { ParseError } from './parse-error';
import { parseExpression } from './parser';

/** The ParseError of a query that must not parse; fails the test when it parses. */
export function parseFailure(source: string): ParseError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ParseError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${source} not to parse`);
}
