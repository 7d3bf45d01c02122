import { isTextIdCursor } from '@sdp/service';
/** Packages are listed in ID order; the cursor is the last ID of the page. */
export interface PackageCursor {
  id: string;
}

export const isPackageCursor: (value: unknown) => value is PackageCursor = isTextIdCursor;

/** `%`, `_` and `\` are LIKE wildcards; searched text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
