/**
 * Status message IDs and their texts: one table for agent, services, CLI and console. The IDs of
 * the original product are used where known (domain.md, Client status); the others, marked
 * "sdp", are this system's own, from 10900 up so that they meet none of the original's.
 */
export const CLIENT_STATUS_MESSAGES = {
  /** The advertisement reached the client and is offered (ACCEPTED). */
  received: { id: 10002, text: 'Program received' },
  /** The program started (RUNNING). */
  started: { id: 10005, text: 'Program started' },
  /** The program failed: a failure exit code, a signal, it could not start, or it was interrupted (FAILED). */
  failed: { id: 10006, text: 'Program failed' },
  /** The program completed successfully (SUCCEEDED). */
  succeeded: { id: 10009, text: 'Program completed successfully' },
  /** The package does not fit in the client's content cache (FAILED). */
  cacheTooSmall: { id: 10050, text: 'Content cache too small for the package' },
  /** The program ran past its maximum run time and was killed (FAILED). */
  runTimeExceeded: { id: 10070, text: 'Program exceeded its maximum run time' },
  /** Content from a distribution point failed hash verification and was not used (RETRYING). */
  contentHashMismatch: { id: 10075, text: 'Content hash mismatch' },
  /** sdp: waiting for a maintenance window, a user, disk space or the content (WAITING). */
  waiting: { id: 10901, text: 'Waiting to run' },
  /** sdp: downloading the content (DOWNLOAD_IN_PROGRESS). */
  downloading: { id: 10902, text: 'Downloading content' },
  /** sdp: the content is downloaded and verified (DOWNLOAD_COMPLETE). */
  downloaded: { id: 10903, text: 'Content downloaded' },
  /** sdp: an attempt failed; the next one follows after the back-off (RETRYING). */
  retrying: { id: 10904, text: 'Attempt failed, will retry' },
  /** sdp: the rerun rule keeps the program from running again (WILL_NOT_RERUN). */
  willNotRerun: { id: 10905, text: 'Program will not rerun' },
  /** sdp: the advertisement expired before it ran (EXPIRED). */
  expired: { id: 10906, text: 'Advertisement expired' },
  /** sdp: no distribution point delivered the content in any attempt (FAILED). */
  contentUnavailable: { id: 10907, text: 'Content not available' },
} as const;

export type ClientStatusMessageName = keyof typeof CLIENT_STATUS_MESSAGES;

/** The message IDs by name, e.g. CLIENT_STATUS_MESSAGE_IDS.succeeded === 10009. */
export const CLIENT_STATUS_MESSAGE_IDS = Object.fromEntries(
  Object.entries(CLIENT_STATUS_MESSAGES).map(([name, message]) => [name, message.id]),
) as { readonly [Name in ClientStatusMessageName]: (typeof CLIENT_STATUS_MESSAGES)[Name]['id'] };

const TEXT_BY_ID = new Map<number, string>(Object.values(CLIENT_STATUS_MESSAGES).map((message) => [message.id, message.text]));

/** The text of a status message ID, or null for none or an ID the table does not know. */
export function clientStatusMessageText(id: number | null | undefined): string | null {
  return id === null || id === undefined ? null : (TEXT_BY_ID.get(id) ?? null);
}
