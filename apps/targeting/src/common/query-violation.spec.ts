import { DomainError } from '@sdp/service';
import { queryViolation } from './query-violation';
import { parseFailure } from '../query/parse-failure.spec-helper';

describe('queryViolation', () => {
  it('is QUERY_INVALID (422) naming the field, where the expression fails and what was expected', () => {
    const parseError = parseFailure("os.name = 'windows' OR");
    const violation = queryViolation('rules[0].expression', parseError);
    expect(violation).toBeInstanceOf(DomainError);
    expect(violation.code).toBe('QUERY_INVALID');
    expect(violation.kind).toBe('rule-broken');
    expect(violation.message).toBe(`rules[0].expression: ${parseError.message}`);
    expect(violation.details).toEqual([
      { field: 'rules[0].expression', problems: [parseError.message], position: 22, expected: parseError.expected, found: parseError.found },
    ]);
  });
});
