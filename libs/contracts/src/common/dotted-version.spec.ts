import { compareDottedVersions, dottedVersionComparator } from './dotted-version';

describe('compareDottedVersions', () => {
  it.each([
    ['10.0.9', '10.0.10', -1],
    ['10.0.19045', '10.0.19041', 1],
    ['10.0', '10.0.0', 0],
    ['10.0.0.1', '10.0', 1],
    ['6.1.7601', '10.0.19041', -1],
    ['010.0', '10.0', 0],
    ['14.2-beta', '14.2-BETA', 0],
    ['1.2.a', '1.2.b', -1],
    ['99999999999999999999999999.1', '99999999999999999999999998.9', 1],
  ])('%s vs %s → %i', (left, right, expected) => {
    expect(compareDottedVersions(left, right)).toBe(expected);
    expect(compareDottedVersions(right, left)).toBe(-expected || 0);
    expect(dottedVersionComparator(right)(left)).toBe(expected);
  });
});
