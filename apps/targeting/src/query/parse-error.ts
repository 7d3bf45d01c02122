/**
 * The only error the query language raises for bad input: where (zero-based offset into the
 * expression), what was expected there and what was found instead.
 */
export class ParseError extends Error {
  constructor(
    readonly position: number,
    readonly expected: readonly string[],
    readonly found: string,
  ) {
    super(`at position ${position}: expected ${describeExpected(expected)} but found ${found}`);
    this.name = 'ParseError';
  }
}

function describeExpected(expected: readonly string[]): string {
  if (expected.length <= 1) {
    return expected[0] ?? 'nothing';
  }
  return `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
}
