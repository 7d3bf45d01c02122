import type { AdvertisementView, PackageData, PlatformData, ProgramData } from '@sdp/contracts';
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { segment } from '../core/api-client';
import { CommandContext, CommandSpec, show } from '../core/command';
import { ApiError, CliError, UsageError } from '../core/errors';
import { text, texts } from '../core/values';
import { renderFields } from '../output/table';
import { publishSource } from './upload-command';

/** The package every agent update goes into, found by this name when --package is not given. */
export const AGENT_PACKAGE_NAME = 'SDP Agent';

/** How the agent's build names its executables: sdp-agent-<os>-<arch>, .exe on Windows. */
const EXECUTABLE_NAME = /^sdp-agent-(linux|windows|win|darwin|macos)-(x64|arm64)(\.exe)?$/;
const OS_OF: Record<string, PlatformData['os']> = { linux: 'linux', windows: 'windows', win: 'windows', darwin: 'macos', macos: 'macos' };
const VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

export interface AgentExecutable {
  file: string;
  platform: { os: PlatformData['os']; arch: 'x64' | 'arm64' };
  /** e.g. linux-x64: the program's name is "Update <label>". */
  label: string;
}

/** The agent executables in a build folder, by their names; other files are refused (the whole folder is the package). */
export async function agentExecutablesIn(folder: string): Promise<AgentExecutable[]> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${folder}: ${error.code ?? error.message}`);
  });
  const executables: AgentExecutable[] = [];
  for (const file of names.sort()) {
    const match = EXECUTABLE_NAME.exec(file);
    if (match === null) continue;
    const os = OS_OF[match[1]];
    const arch = match[2] as 'x64' | 'arm64';
    executables.push({ file, platform: { os, arch }, label: `${os}-${arch}` });
  }
  if (executables.length === 0) {
    throw new CliError(`${folder} holds no agent executable (sdp-agent-<os>-<arch>[.exe]); build them first (see "Install the agent" in the README)`);
  }
  return executables;
}

/** The version the executables report: asked of the one this computer can run, or given with --agent-version. */
async function versionOf(folder: string, executables: AgentExecutable[], given: string | undefined): Promise<string> {
  if (given !== undefined) {
    if (!VERSION.test(given)) throw new UsageError(`--agent-version must be a version such as 1.4.0, not ${JSON.stringify(given)}`);
    return given;
  }
  const hostOs = OS_OF[process.platform === 'win32' ? 'windows' : process.platform];
  const runnable = executables.find((candidate) => candidate.platform.os === hostOs && candidate.platform.arch === process.arch);
  if (runnable === undefined) throw new UsageError('none of the executables runs on this computer to say its version: give --agent-version');
  const printed = await new Promise<string>((resolve, reject) =>
    execFile(join(folder, runnable.file), ['--version'], { timeout: 30_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout.split('\n')[0].trim()))),
  ).catch((error: Error) => {
    throw new CliError(`${runnable.file} --version failed: ${error.message.split('\n')[0]}`);
  });
  if (!VERSION.test(printed)) throw new CliError(`${runnable.file} --version printed ${JSON.stringify(printed.slice(0, 60))}, not a version`);
  return printed;
}

async function agentPackage(context: CommandContext, packageId: string | undefined, version: string): Promise<PackageData> {
  if (packageId !== undefined) {
    return context.api.patch<PackageData>('catalog', `/api/v1/packages/${segment(packageId.toUpperCase())}`, { version });
  }
  const found = (await context.api.list<PackageData>('catalog', '/api/v1/packages', { q: AGENT_PACKAGE_NAME })).filter((pkg) => pkg.name === AGENT_PACKAGE_NAME);
  if (found.length > 1) throw new CliError(`${found.length} packages are named "${AGENT_PACKAGE_NAME}" (${found.map((pkg) => pkg.id).join(', ')}): give --package ID`);
  if (found.length === 1) {
    return context.api.patch<PackageData>('catalog', `/api/v1/packages/${segment(found[0].id)}`, { version });
  }
  return context.api.post<PackageData>('catalog', '/api/v1/packages', { name: AGENT_PACKAGE_NAME, manufacturer: 'SDP', version });
}

/** One program per platform, created or brought up to date: the agent recognises "@sdp-agent-update FILE" as its own update. */
async function updatePrograms(context: CommandContext, packageId: string, executables: AgentExecutable[]): Promise<string[]> {
  const programsPath = `/api/v1/packages/${segment(packageId)}/programs`;
  const existing = new Set((await context.api.list<ProgramData>('catalog', programsPath)).map((program) => program.name));
  const names: string[] = [];
  for (const executable of executables) {
    const name = `Update ${executable.label}`;
    const fields = { commandLine: `@sdp-agent-update ${executable.file}`, platforms: [executable.platform], maxRunTimeMinutes: 15, runWhen: 'any', runAs: 'admin' };
    if (existing.has(name)) {
      await context.api.patch('catalog', `${programsPath}/${segment(name)}`, fields);
    } else {
      await context.api.post('catalog', programsPath, { name, ...fields });
    }
    names.push(name);
  }
  return names;
}

export const agentPublishUpdateCommand: CommandSpec = {
  words: ['agent', 'publish-update'],
  args: ['FOLDER'],
  usage: 'FOLDER [--package ID] [--agent-version V] [--dp NAME ...] [--collection ID]',
  summary:
    'put a build of the agent (sdp-agent-<os>-<arch>[.exe] files) into the catalog as the next version of the "SDP Agent" package, with an update program per platform; distribute it to --dp and, with --collection, advertise it there as mandatory',
  options: {
    package: { type: 'string', value: 'ID', help: `the agent's package (default: the package named "${AGENT_PACKAGE_NAME}", created if none)` },
    'agent-version': { type: 'string', value: 'V', help: 'the build version, when no executable runs on this computer to say it' },
    dp: { type: 'string', multiple: true, value: 'NAME', help: 'distribution point to put the new version on; repeatable' },
    collection: { type: 'string', value: 'ID', help: 'advertise the update to this collection, mandatory as soon as possible' },
  },
  async run(context, { args, values }) {
    const folder = args[0];
    const executables = await agentExecutablesIn(folder);
    const version = await versionOf(folder, executables, text(values, 'agent-version'));
    const pkg = await agentPackage(context, text(values, 'package'), version);
    const published = await publishSource(context, pkg.id, folder);
    const programs = await updatePrograms(context, pkg.id, executables);
    const distributionPoints = texts(values, 'dp');
    if (distributionPoints.length > 0) {
      await context.api.post('replication', `/api/v1/packages/${segment(pkg.id)}/distribution-points`, { distributionPoints });
    }
    const collectionId = text(values, 'collection');
    const advertisements: string[] = [];
    if (collectionId !== undefined) {
      for (const program of programs) {
        const created = await context.api
          .post<AdvertisementView>('advertisement', '/api/v1/advertisements', {
            name: `${AGENT_PACKAGE_NAME} ${version} (${program.slice('Update '.length)})`,
            packageId: pkg.id,
            program,
            collectionId,
            mandatory: [{ type: 'asap' }],
          })
          .catch((error: unknown) => {
            if (error instanceof ApiError) throw new CliError(`package ${pkg.id} v${published.version} is published, but advertising ${program} failed: ${error.message}`);
            throw error;
          });
        advertisements.push(created.id);
      }
    }
    show(context, { packageId: pkg.id, agentVersion: version, sourceVersion: published.version, programs, distributionPoints, advertisements }, (result) =>
      renderFields([
        ['Package', result.packageId],
        ['Agent version', result.agentVersion],
        ['Source version', result.sourceVersion],
        ['Programs', result.programs.join(', ')],
        ['Distribution points', result.distributionPoints.join(', ') || 'none (sdp package distribute)'],
        ['Advertisements', result.advertisements.join(', ') || 'none (advertise each program, e.g. with a phased rollout)'],
      ]),
    );
  },
};
