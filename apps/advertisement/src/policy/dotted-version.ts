import { compareDottedVersions } from '@sdp/contracts';

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
