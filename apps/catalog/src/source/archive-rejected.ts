import { DomainError, ruleViolation } from '@sdp/service';
import { archiveUnreadable, sourceEmpty, sourceEntryRefused, sourceTooLarge } from './source.errors';

/** Why an archive or source location is refused; rejectionError answers each with its code. */
export type RejectionReason = 'unreadable' | 'too-large' | 'entry-refused' | 'empty';

/** The upload is refused; nothing of it is published. */
export class ArchiveRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
    /** The entry name as found in the archive, when one entry is the reason. */
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ArchiveRejected';
  }
}

/**
 * The coded error a refusal is answered with: a broken rule is a rule violation of the entry, or
 * of the archive as a whole; an unreadable or too large archive is told as it is.
 */
export function rejectionError(rejection: ArchiveRejected): DomainError {
  const { message } = rejection;
  switch (rejection.reason) {
    case 'unreadable':
      return archiveUnreadable(message, [{ field: 'archive', problems: [message] }]);
    case 'too-large':
      return sourceTooLarge(message, [{ field: 'archive', problems: [message] }]);
    case 'entry-refused':
      return ruleViolation('archive.entry', message, sourceEntryRefused);
    case 'empty':
      return ruleViolation('archive', message, sourceEmpty);
  }
}
