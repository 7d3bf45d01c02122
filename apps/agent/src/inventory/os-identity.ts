export type OsName = 'windows' | 'linux' | 'macos';
export type CpuArch = 'x86' | 'x64' | 'arm64';

/** Node's platform names in the platform's own vocabulary; undefined for systems it does not manage. */
export function osNameOf(platform: NodeJS.Platform): OsName | undefined {
  switch (platform) {
    case 'win32':
      return 'windows';
    case 'darwin':
      return 'macos';
    case 'linux':
      return 'linux';
    default:
      return undefined;
  }
}

export function cpuArchOf(arch: string): CpuArch | undefined {
  switch (arch) {
    case 'x64':
      return 'x64';
    case 'arm64':
      return 'arm64';
    case 'ia32':
    case 'x86':
      return 'x86';
    default:
      return undefined;
  }
}

/**
 * The dotted part of a release string (`6.8.0-1019-aws` → `6.8.0`, Windows `10.0.19045` as is),
 * since the platform compares OS versions as dotted numbers.
 */
export function dottedVersionOf(release: string): string {
  return /^\d+(?:\.\d+)*/.exec(release.trim())?.[0] ?? '0';
}
