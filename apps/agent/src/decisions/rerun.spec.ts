import { rerunAllows } from './rerun';

describe('rerun rules against the last outcome', () => {
  it.each([
    ['never', undefined, true],
    ['never', 'SUCCEEDED', false],
    ['never', 'FAILED', false],
    ['always', 'SUCCEEDED', true],
    ['always', 'FAILED', true],
    ['if-failed', 'FAILED', true],
    ['if-failed', 'SUCCEEDED', false],
    ['if-failed', 'REBOOT_PENDING', false],
    ['if-succeeded', 'SUCCEEDED', true],
    ['if-succeeded', 'REBOOT_PENDING', true],
    ['if-succeeded', 'FAILED', false],
    ['never', 'RETRYING', true],
    ['if-succeeded', 'RETRYING', true],
  ] as const)('rerun %s after %s → %s', (rule, last, expected) => {
    expect(rerunAllows(rule, last)).toBe(expected);
  });
});
