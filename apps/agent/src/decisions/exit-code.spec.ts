import { aProgram } from '../test-support/policy-fixtures';
import { mapExitCode } from './exit-code';

describe('exit-code mapping', () => {
  const program = aProgram({ successExitCodes: [0, 7], rebootExitCodes: [3010], retryExitCodes: [75] });

  it.each([
    [0, 'SUCCEEDED', 10009],
    [7, 'SUCCEEDED', 10009],
    [3010, 'REBOOT_PENDING', 10009],
    [75, 'RETRYING', null],
    [1, 'FAILED', 10006],
    [-1, 'FAILED', 10006],
  ] as const)('exit code %d → %s (%s)', (code, outcome, messageId) => {
    expect(mapExitCode(program, code)).toEqual({ outcome, messageId });
  });

  it('success codes win when a code is listed twice', () => {
    expect(mapExitCode(aProgram({ successExitCodes: [3010], rebootExitCodes: [3010] }), 3010).outcome).toBe('SUCCEEDED');
  });
});
