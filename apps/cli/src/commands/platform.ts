import type { PlatformData } from '@sdp/contracts';
import { UsageError } from '../core/errors';

const OS_NAMES = ['windows', 'linux', 'macos'] as const;
const ARCHES = ['x86', 'x64', 'arm64', 'any'] as const;
const DOTTED = /^\d+(\.\d+)*$/;
const SHAPE = /^([a-z]+)\/([a-z0-9]+)((?:(?:>=|<=)[^<>=]+){0,2})$/;

/**
 * `windows/x64>=10.0`, `linux/arm64`, `linux/any`, `macos/x64<=14`, `windows/x64>=10.0<=10.0.22631`:
 * OS, CPU (`any` for every architecture of the OS) and an optional version range, the way the
 * original's "supported platforms" list read.
 */
export function parsePlatform(spec: string): PlatformData {
  const match = SHAPE.exec(spec.trim().toLowerCase());
  const form = 'OS/ARCH[>=MIN][<=MAX], e.g. windows/x64>=10.0 or linux/any';
  if (!match) throw new UsageError(`--platform ${JSON.stringify(spec)}: expected ${form} or any`);
  const [, os, arch, range] = match;
  if (!(OS_NAMES as readonly string[]).includes(os)) throw new UsageError(`--platform ${JSON.stringify(spec)}: OS must be one of ${OS_NAMES.join(', ')}`);
  if (!(ARCHES as readonly string[]).includes(arch)) throw new UsageError(`--platform ${JSON.stringify(spec)}: CPU must be one of ${ARCHES.join(', ')}`);
  const platform: PlatformData = { os: os as PlatformData['os'], arch: arch as PlatformData['arch'] };
  for (const [, operator, version] of range.matchAll(/(>=|<=)([^<>=]+)/g)) {
    if (!DOTTED.test(version)) throw new UsageError(`--platform ${JSON.stringify(spec)}: ${version} is not a dotted version such as 10.0.19041`);
    const key = operator === '>=' ? 'minVersion' : 'maxVersion';
    if (platform[key] !== undefined) throw new UsageError(`--platform ${JSON.stringify(spec)}: ${operator} given twice`);
    platform[key] = version;
  }
  return platform;
}

/** Every --platform of the command line: `any` alone, or a list of platforms. */
export function parsePlatforms(specs: readonly string[]): 'any' | PlatformData[] | undefined {
  if (specs.length === 0) return undefined;
  if (specs.some((spec) => spec.trim().toLowerCase() === 'any')) {
    if (specs.length > 1) throw new UsageError('--platform any cannot be combined with other platforms');
    return 'any';
  }
  return specs.map(parsePlatform);
}

/** The human form again, for tables. */
export function formatPlatforms(platforms: 'any' | PlatformData[]): string {
  if (platforms === 'any') return 'any';
  return platforms
    .map((platform) => `${platform.os}/${platform.arch}${platform.minVersion ? `>=${platform.minVersion}` : ''}${platform.maxVersion ? `<=${platform.maxVersion}` : ''}`)
    .join(', ');
}
