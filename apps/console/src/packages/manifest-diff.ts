import { ManifestFile } from '../api/types';

export interface ManifestDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** What a version added, changed and removed against the one before it, by path and sha256. */
export function compareManifests(before: readonly ManifestFile[], after: readonly ManifestFile[]): ManifestDiff {
  const earlier = new Map(before.map((file) => [file.path, file]));
  const later = new Set(after.map((file) => file.path));
  const diff: ManifestDiff = { added: [], changed: [], removed: [] };
  for (const file of after) {
    const old = earlier.get(file.path);
    if (!old) diff.added.push(file.path);
    else if (old.sha256 !== file.sha256 || old.mode !== file.mode) diff.changed.push(file.path);
  }
  diff.removed = before.filter((file) => !later.has(file.path)).map((file) => file.path);
  return diff;
}
