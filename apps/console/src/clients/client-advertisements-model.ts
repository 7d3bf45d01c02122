import { messageLabel } from '../advertisements/ProgramOutputView';
import { ClientAdvertisementEntry, ClientLastFailure } from '../api/types';

export type Tone = 'ok' | 'bad' | 'warn' | 'none';

// The states of contracts' CLIENT_STATUS_STATES.
const GOOD = new Set(['SUCCEEDED', 'ACCEPTED', 'DOWNLOAD_COMPLETE']);
const BAD = new Set(['FAILED', 'REJECTED', 'EXPIRED', 'CANCELED']);
const WAITING = new Set(['WAITING', 'DOWNLOAD_IN_PROGRESS', 'RUNNING', 'RETRYING', 'REBOOT_PENDING']);

/** The colour of a state's badge. */
export function stateTone(state: string | null): Tone {
  if (state === null) return 'none';
  if (GOOD.has(state)) return 'ok';
  if (BAD.has(state)) return 'bad';
  return WAITING.has(state) ? 'warn' : 'none';
}

/** Whether the advertisement applies to the computer, and why not when it does not. */
export function appliesText(item: Pick<ClientAdvertisementEntry, 'applies' | 'reason'>): string {
  if (item.applies) return 'Applies';
  return item.reason ? `Does not apply: ${item.reason}` : 'Does not apply';
}

export function versionText(version: number | null | undefined): string {
  return version === null || version === undefined ? '—' : `v${version}`;
}

/** One line on what a failed run reported, leaving out what it did not say. */
export function failureFacts(failure: Omit<ClientLastFailure, 'at' | 'output'>): string[] {
  const facts = [failure.state];
  if (failure.exitCode !== null) facts.push(`exit code ${failure.exitCode}`);
  if (failure.messageId !== null) facts.push(messageLabel(failure));
  if (failure.packageVersion !== null) facts.push(`package ${versionText(failure.packageVersion)}`);
  if (failure.detail) facts.push(failure.detail);
  return facts;
}

/** Applying advertisements first, each group in the service's (name) order. */
export function applyingFirst(items: ClientAdvertisementEntry[]): ClientAdvertisementEntry[] {
  return [...items.filter((item) => item.applies), ...items.filter((item) => !item.applies)];
}
