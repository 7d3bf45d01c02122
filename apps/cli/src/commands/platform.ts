import type { PlatformData } from '@sdp/contracts';
import { reportUsageProblem } from '../core/usage-problems';

const OS_NAMES = ['windows', 'linux', 'macos'] as const;
const ARCHES = ['x86', 'x64', 'arm64', 'any'] as const;
const DOTTED = /^\d+(\.\d+)*$/;
const SHAPE = /^([a-z]+)\/([a-z0-9]+)((?:(?:>=|<=)[^<>=]+){0,2})$/;

/**
 * `windows/x64>=10.0`, `linux/arm64`, `linux/any`, `macos/x64<=14`, `windows/x64>=10.0<=10.0.22631`:
 * OS, CPU (`any` for every architecture of the OS) and an optional version range, the way the
 * original's "supported platforms" list read.
 */
export function parsePlatform(spec: string): PlatformData | undefined {
  const match = SHAPE.exec(spec.trim().toLowerCase());
  const form = 'OS/ARCH[>=MIN][<=MAX], e.g. windows/x64>=10.0 or linux/any';
  const problem = (why: string) => {
    reportUsageProblem(`--platform ${JSON.stringify(spec)}: ${why}`);
    return undefined;
  };
  if (!match) return problem(`expected ${form} or any`);
  const [, os, arch, range] = match;
  if (!(OS_NAMES as readonly string[]).includes(os)) return problem(`OS must be one of ${OS_NAMES.join(', ')}`);
  if (!(ARCHES as readonly string[]).includes(arch)) return problem(`CPU must be one of ${ARCHES.join(', ')}`);
  const platform: PlatformData = { os: os as PlatformData['os'], arch: arch as PlatformData['arch'] };
  for (const [, operator, version] of range.matchAll(/(>=|<=)([^<>=]+)/g)) {
    if (!DOTTED.test(version)) return problem(`${version} is not a dotted version such as 10.0.19041`);
    const key = operator === '>=' ? 'minVersion' : 'maxVersion';
    if (platform[key] !== undefined) return problem(`${operator} given twice`);
    platform[key] = version;
  }
  return platform;
}

/** Every --platform of the command line: `any` alone, or a list of platforms. */
export function parsePlatforms(specs: readonly string[]): 'any' | PlatformData[] | undefined {
  if (specs.length === 0) return undefined;
  if (specs.some((spec) => spec.trim().toLowerCase() === 'any')) {
    if (specs.length > 1) reportUsageProblem('--platform any cannot be combined with other platforms');
    return 'any';
  }
  return specs.map(parsePlatform).filter((platform): platform is PlatformData => platform !== undefined);
}

/** The human form again, for tables. */
export function formatPlatforms(platforms: 'any' | PlatformData[]): string {
  if (platforms === 'any') return 'any';
  return platforms
    .map((platform) => `${platform.os}/${platform.arch}${platform.minVersion ? `>=${platform.minVersion}` : ''}${platform.maxVersion ? `<=${platform.maxVersion}` : ''}`)
    .join(', ');
}
