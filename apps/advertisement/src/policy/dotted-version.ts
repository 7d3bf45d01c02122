/** Compares dotted versions numerically, component by component: 10.0.9 < 10.0.10. */
export function compareDottedVersions(left: string, right: string): number {
  const a = left.split('.').map(Number);
  const b = right.split('.').map(Number);
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) {
      return Math.sign(difference);
    }
  }
  return 0;
}

/**
 * Whether a version lies within optional bounds. A bound names as many components as it cares
 * about, so `max 10.0` admits 10.0.19041 (as an administrator writing "up to Windows 10.0" means).
 */
export function versionWithin(version: string, minVersion?: string, maxVersion?: string): boolean {
  if (!/^\d+(\.\d+)*$/.test(version)) {
    return minVersion === undefined && maxVersion === undefined;
  }
  if (minVersion !== undefined && compareDottedVersions(version, minVersion) < 0) {
    return false;
  }
  if (maxVersion !== undefined) {
    const significant = version.split('.').slice(0, maxVersion.split('.').length).join('.');
    if (compareDottedVersions(significant, maxVersion) > 0) {
      return false;
    }
  }
  return true;
}
