import { AgentOptions, renderOptionsFile } from '@sdp/agent-options';
import type { OptionSpec, OptionValues } from '../core/command';
import { UsageError } from '../core/errors';
import type { ServiceKey } from '../core/settings';
import { flag, integer, oneOf, text } from '../core/values';
import { checkUsage, reportUsageProblem } from '../core/usage-problems';

export const PACKAGE_TYPES = ['deb', 'rpm', 'windows', 'macos'] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];
export const ARCHITECTURES = ['x64', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** Which prebuilt executables (tools/agent-build) each package type can take. */
const EXECUTABLE_OF: Record<PackageType, Partial<Record<Architecture, string>>> = {
  deb: { x64: 'sdp-agent-linux-x64', arm64: 'sdp-agent-linux-arm64' },
  rpm: { x64: 'sdp-agent-linux-x64', arm64: 'sdp-agent-linux-arm64' },
  windows: { x64: 'sdp-agent-windows-x64.exe' },
  // Apple silicon runs the x64 executable through Rosetta 2: npm has no Node 24 for macOS arm64.
  macos: { x64: 'sdp-agent-darwin-x64' },
};

export const DEFAULT_EXECUTABLES_DIR = 'dist/agent-executables';

export const AGENT_PACKAGE_OPTIONS: Record<string, OptionSpec> = {
  type: { type: 'string', value: 'TYPE', help: `deb, rpm, windows (zip with install.ps1) or macos (tar.gz with a launchd daemon)` },
  'enroll-secret': { type: 'string', value: 'SECRET', help: 'enrollment secret baked in (from sdp enrollment create; one that requires approval works too); or set SDP_AGENT_ENROLL_SECRET' },
  arch: { type: 'string', value: 'ARCH', help: 'x64 (default) or arm64 (deb and rpm only; macOS x64 runs on Apple silicon through Rosetta 2)' },
  'poll-seconds': { type: 'string', value: 'N', help: "agent's policy poll interval baked in (agent default 3600)" },
  'cache-size-mb': { type: 'string', value: 'N', help: "agent's content cache limit baked in (agent default 5120)" },
  'no-push': { type: 'boolean', help: 'agents poll only, without a notification stream' },
  output: { type: 'string', value: 'DIR', help: 'where to write the package (default: the current directory)' },
  executables: { type: 'string', value: 'DIR', help: `the built agent executables (default ${DEFAULT_EXECUTABLES_DIR}; build them with npm run agent:executables)` },
};

export interface PackageRequest {
  type: PackageType;
  arch: Architecture;
  /** The executable's file name in the executables folder. */
  executable: string;
  outputDir: string;
  executablesDir: string;
  /** The agent's options, written to its options file (secret included). */
  options: AgentOptions;
}

const AGENT_URL_OPTION: Record<Exclude<ServiceKey, 'catalog'>, 'SDP_TARGETING_URL' | 'SDP_ADVERTISEMENT_URL' | 'SDP_REPLICATION_URL' | 'SDP_METERING_URL'> = {
  targeting: 'SDP_TARGETING_URL',
  advertisement: 'SDP_ADVERTISEMENT_URL',
  replication: 'SDP_REPLICATION_URL',
  metering: 'SDP_METERING_URL',
};

/**
 * What to build, from the command's options. The service URLs are the CLI's own
 * (--targeting-url, --advertisement-url, --replication-url, --metering-url, their variables or the profile).
 */
export function packageRequest(values: OptionValues, urls: Record<ServiceKey, string>, env: NodeJS.ProcessEnv): PackageRequest {
  // Every problem of the command line at once (a bad --type is not also called missing).
  const type = oneOf(values, 'type', PACKAGE_TYPES);
  if (text(values, 'type') === undefined) reportUsageProblem(`--type is required (${PACKAGE_TYPES.join(', ')})`);
  const arch = oneOf(values, 'arch', ARCHITECTURES) ?? 'x64';
  // A secret on the command line shows in the process list; the environment does not.
  const secret = text(values, 'enroll-secret') || env.SDP_AGENT_ENROLL_SECRET || undefined;
  if (secret === undefined) reportUsageProblem('--enroll-secret (or SDP_AGENT_ENROLL_SECRET) is required: create one with sdp enrollment create NAME');
  else if (/[\r\n]/.test(secret) || secret !== secret.trim()) reportUsageProblem('--enroll-secret must be one line without surrounding spaces');
  checkUsage();
  if (type === undefined || secret === undefined) throw new UsageError('--type and --enroll-secret are required');
  const executable = EXECUTABLE_OF[type][arch];
  if (executable === undefined) throw new UsageError(`--type ${type} is built for ${Object.keys(EXECUTABLE_OF[type]).join(', ')} only, not ${arch}`);
  const options: AgentOptions = {};
  for (const [service, name] of Object.entries(AGENT_URL_OPTION) as [keyof typeof AGENT_URL_OPTION, (typeof AGENT_URL_OPTION)[keyof typeof AGENT_URL_OPTION]][]) {
    options[name] = urls[service];
  }
  options.SDP_AGENT_ENROLL_SECRET = secret;
  // The data directory is the agent's default for its OS, where the install scripts set its access.
  const poll = integer(values, 'poll-seconds', 1);
  if (poll !== undefined) options.SDP_AGENT_POLL_SECONDS = String(poll);
  const cache = integer(values, 'cache-size-mb', 1);
  if (cache !== undefined) options.SDP_AGENT_CACHE_SIZE_MB = String(cache);
  if (flag(values, 'no-push')) options.SDP_AGENT_PUSH = '0';
  return {
    type,
    arch,
    executable,
    outputDir: text(values, 'output') ?? '.',
    executablesDir: text(values, 'executables') ?? env.SDP_AGENT_EXECUTABLES ?? DEFAULT_EXECUTABLES_DIR,
    options,
  };
}

/** The options file's text, with a header saying where it came from. */
export function optionsFileText(request: PackageRequest, agentVersion: string): string {
  return renderOptionsFile(request.options, [
    `sdp-agent ${agentVersion} options, baked in by sdp agent package --type ${request.type}.`,
    'NAME=VALUE per line, no quotes. Readable by the system account and administrators only: it holds the enrollment secret.',
  ]);
}

/** The service URLs a managed computer cannot reach because they name the packaging computer itself. */
export function loopbackUrls(options: AgentOptions): string[] {
  return [options.SDP_TARGETING_URL, options.SDP_ADVERTISEMENT_URL, options.SDP_REPLICATION_URL].filter((url): url is string => {
    if (url === undefined) return false;
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
  });
}
