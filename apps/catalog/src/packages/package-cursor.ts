/** Packages are listed in ID order; the cursor is the last ID of the page. */
export interface PackageCursor {
  id: string;
}

export function isPackageCursor(value: unknown): value is PackageCursor {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/** `%`, `_` and `\` are LIKE wildcards; searched text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
