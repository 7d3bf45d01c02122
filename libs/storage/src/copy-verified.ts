import { casKey } from './cas-key';
import { ContentStore, PutVerifiedOptions } from './content-store';
import { IntegrityError } from './errors';

/** `size`: expected size from the manifest; a different size fails like a different hash. */
export type CopyVerifiedOptions = PutVerifiedOptions;

export interface CopyResult {
  sha256: string;
  size: number;
  /** Bytes read from the source and written to the target: 0 when the target had the object. */
  bytesCopied: number;
  alreadyPresent: boolean;
}

/**
 * The platform's one copy routine between two stores: GET from the source streams through a
 * hasher (and an optional throttle) into a multipart upload on the target's final `cas/` key that
 * is completed only if the bytes hash to `sha256`, and aborted otherwise. An uncompleted upload is
 * invisible, so no temporary object and no second server-side copy are needed, and nothing
 * unverified is ever readable on the target. Objects up to one part are verified in memory before
 * their single PUT. Skips the GET entirely when the target already holds the object.
 * Throws IntegrityError (source bytes differ) or ObjectNotFoundError (source lacks the object).
 */
export async function copyVerified(
  source: ContentStore,
  target: ContentStore,
  sha256: string,
  options: CopyVerifiedOptions = {},
): Promise<CopyResult> {
  const key = casKey(sha256);
  try {
    const result = await target.putVerified(() => source.getStream(key), sha256, options);
    return { ...result, bytesCopied: result.alreadyPresent ? 0 : result.size };
  } catch (error) {
    if (error instanceof IntegrityError) {
      throw new IntegrityError(error.expected, error.actual, `copying ${key} from ${source} to ${target}`);
    }
    throw error;
  }
}
