import type { PlatformData } from '../catalog-packages/program.schema';
import type { ClientOsData } from '../targeting-clients/client.schema';
import { compareDottedVersions } from './dotted-version';
import { ANY_ARCH } from './fields';

/**
 * Whether a platform list admits a client's operating system: same OS, same architecture (or
 * `any`), OS version within the bounds. The one rule for a program's platforms (advertisement's policy) and a
 * metering rule's (metering's rules for a client).
 */
export function platformMatches(platforms: 'any' | readonly PlatformData[], os: ClientOsData): boolean {
  if (platforms === 'any') {
    return true;
  }
  return platforms.some((platform) => platform.os === os.name && (platform.arch === ANY_ARCH || platform.arch === os.arch) && versionWithin(os.version, platform.minVersion, platform.maxVersion));
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
