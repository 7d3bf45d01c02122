/** Why an archive is refused: 400 unreadable, 413 too large, 422 readable but breaking a rule. */
export type RejectionStatus = 400 | 413 | 422;

/** The upload is refused; nothing of it is published. */
export class ArchiveRejected extends Error {
  constructor(
    readonly status: RejectionStatus,
    message: string,
    /** The entry name as found in the archive, when one entry is the reason. */
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ArchiveRejected';
  }
}
