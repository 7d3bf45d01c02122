// The one ordering of versions on the platform: query expressions (os.version), program
// platform bounds and policy platform matching all compare with it.
const NUMERIC_SEGMENT = /^\d+$/;

/**
 * Compares versions segment by segment: numeric segments as numbers (10.0.9 < 10.0.10), others
 * as case-insensitive text; a missing segment counts as 0, so 10.0 equals 10.0.0.
 */
export function compareDottedVersions(left: string, right: string): number {
  return compareSegmentLists(left.trim().split('.'), right.trim().split('.'));
}

/** Splits the fixed right-hand version once, for a comparison made once per client. */
export function dottedVersionComparator(right: string): (left: string) => number {
  const rightSegments = right.trim().split('.');
  return (left) => compareSegmentLists(left.trim().split('.'), rightSegments);
}

function compareSegmentLists(leftSegments: readonly string[], rightSegments: readonly string[]): number {
  const length = Math.max(leftSegments.length, rightSegments.length);
  for (let index = 0; index < length; index += 1) {
    const order = compareSegments(leftSegments[index] ?? '0', rightSegments[index] ?? '0');
    if (order !== 0) {
      return order;
    }
  }
  return 0;
}

function compareSegments(left: string, right: string): number {
  if (NUMERIC_SEGMENT.test(left) && NUMERIC_SEGMENT.test(right)) {
    return compareDigitStrings(left.replace(/^0+(?=\d)/, ''), right.replace(/^0+(?=\d)/, ''));
  }
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Digit strings of any length, so a 30-digit build number neither overflows nor rounds. */
function compareDigitStrings(left: string, right: string): number {
  if (left.length !== right.length) {
    return left.length < right.length ? -1 : 1;
  }
  return left < right ? -1 : left > right ? 1 : 0;
}
