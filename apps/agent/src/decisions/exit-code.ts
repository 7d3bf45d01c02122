import { CLIENT_STATUS_MESSAGE_IDS } from '@sdp/contracts';
import type { PolicyProgram } from '@sdp/contracts';
import type { RunOutcome } from './rerun';

export interface ExitMapping {
  outcome: RunOutcome;
  messageId: number | null;
}

/** Success codes win over reboot codes, then retry codes; anything else failed. */
export function mapExitCode(program: Pick<PolicyProgram, 'successExitCodes' | 'rebootExitCodes' | 'retryExitCodes'>, exitCode: number): ExitMapping {
  if (program.successExitCodes.includes(exitCode)) {
    return { outcome: 'SUCCEEDED', messageId: CLIENT_STATUS_MESSAGE_IDS.succeeded };
  }
  if (program.rebootExitCodes.includes(exitCode)) {
    return { outcome: 'REBOOT_PENDING', messageId: CLIENT_STATUS_MESSAGE_IDS.succeeded };
  }
  if (program.retryExitCodes.includes(exitCode)) {
    return { outcome: 'RETRYING', messageId: null };
  }
  return { outcome: 'FAILED', messageId: CLIENT_STATUS_MESSAGE_IDS.failed };
}
