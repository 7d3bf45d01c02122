import type { ClientOsData, ProgramData } from '@sdp/contracts';
import { versionWithin } from './dotted-version';

/** Whether a program's platform list admits a client's operating system. */
export function platformMatches(platforms: ProgramData['platforms'], os: ClientOsData): boolean {
  if (platforms === 'any') {
    return true;
  }
  return platforms.some(
    (platform) =>
      platform.os === os.name && platform.arch === os.arch && versionWithin(os.version, platform.minVersion, platform.maxVersion),
  );
}

export function describePlatforms(platforms: ProgramData['platforms']): string {
  if (platforms === 'any') {
    return 'any';
  }
  return platforms
    .map((platform) => {
      const range = [platform.minVersion && `>=${platform.minVersion}`, platform.maxVersion && `<=${platform.maxVersion}`]
        .filter(Boolean)
        .join(' ');
      return `${platform.os}/${platform.arch}${range ? ` ${range}` : ''}`;
    })
    .join(', ');
}
