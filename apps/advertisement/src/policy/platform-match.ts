import type { ProgramData } from '@sdp/contracts';

/** A program's platform list as explain shows it (which clients it admits: platformMatches of @sdp/contracts). */
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
