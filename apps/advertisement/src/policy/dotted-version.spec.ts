import { compareDottedVersions } from '@sdp/contracts';
import { versionWithin } from './dotted-version';

describe('compareDottedVersions', () => {
  it.each([
    ['10.0.9', '10.0.10', -1],
    ['10.0.10', '10.0.9', 1],
    ['10.0', '10.0.0', 0],
    ['6.1', '10.0', -1],
  ])('%s vs %s → %d', (left, right, expected) => {
    expect(compareDottedVersions(left, right)).toBe(expected);
  });
});

describe('versionWithin', () => {
  it('applies the lower bound numerically', () => {
    expect(versionWithin('10.0.19041', '10.0.19041')).toBe(true);
    expect(versionWithin('10.0.9200', '10.0.19041')).toBe(false);
  });

  it('reads the upper bound with the precision it was written in', () => {
    expect(versionWithin('10.0.19041', undefined, '10.0')).toBe(true);
    expect(versionWithin('10.1', undefined, '10.0')).toBe(false);
  });

  it('refuses a non-numeric client version only when bounds are given', () => {
    expect(versionWithin('Sonoma', '14')).toBe(false);
    expect(versionWithin('Sonoma')).toBe(true);
  });
});
