import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CliError } from '../core/errors';
import { ArchiveEntry, writeTarGz, zipArchive } from './archives';
import { DEB_ARCH, debianControl, debianScripts, LINUX_PATHS, RPM_ARCH, rpmSpec, systemdUnit } from './linux-files';
import { launchdPlist, MACOS, macosInstallSh, macosUninstallSh } from './macos-files';
import { optionsFileText, PackageRequest } from './package-request';
import { installPs1, uninstallPs1, WINDOWS, winswXml } from './windows-files';

const BUILD_HINT = 'build them with `npm run agent:executables` in the repository (or pass --executables DIR)';

/** dist/agent-executables/manifest.json as tools/agent-build writes it. */
interface ExecutablesManifest {
  agentVersion: string;
  executables: { file: string; sha256: string }[];
}

export interface BuiltPackage {
  path: string;
  sha256: string;
  agentVersion: string;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The prebuilt file, checked against the build's manifest. */
function prebuilt(dir: string, file: string, manifest: ExecutablesManifest): Buffer {
  const path = join(dir, file);
  const listed = manifest.executables.find((entry) => entry.file === file);
  if (listed === undefined || !existsSync(path)) throw new CliError(`no agent executable ${path}: ${BUILD_HINT}`);
  const data = readFileSync(path);
  if (sha256(data) !== listed.sha256) throw new CliError(`${path} does not match the SHA-256 in ${join(dir, 'manifest.json')}: rebuild it (${BUILD_HINT})`);
  return data;
}

function readManifest(dir: string): ExecutablesManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new CliError(`no agent executables in ${resolve(dir)} (${path} is missing): ${BUILD_HINT}`);
  return JSON.parse(readFileSync(path, 'utf8')) as ExecutablesManifest;
}

/** Runs a packaging tool; a missing tool or a failure is one line naming it. */
function runTool(command: string, args: string[], missing: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new CliError(`${command} is not installed: ${missing}`);
  if (result.status !== 0) {
    const detail = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-3).join(' ');
    throw new CliError(`${command} failed (exit ${result.status}): ${detail}`);
  }
}

/** Writes the files of `tree` (absolute paths inside it) below `base`. */
function writeTree(base: string, tree: ArchiveEntry[]): void {
  for (const entry of tree) {
    const path = join(base, entry.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.data);
    chmodSync(path, entry.mode);
  }
}

/** What the deb and the rpm install, by absolute path. */
function linuxTree(executable: Buffer, options: string): ArchiveEntry[] {
  return [
    { path: LINUX_PATHS.executable, data: executable, mode: 0o755 },
    { path: LINUX_PATHS.unitFile, data: Buffer.from(systemdUnit()), mode: 0o644 },
    { path: LINUX_PATHS.optionsFile, data: Buffer.from(options), mode: 0o600 },
  ];
}

function buildDeb(request: PackageRequest, executable: Buffer, options: string, version: string, work: string, target: string): void {
  const staging = join(work, 'deb');
  const tree = linuxTree(executable, options);
  writeTree(staging, tree);
  chmodSync(join(staging, LINUX_PATHS.optionsDir), 0o700);
  const installedSizeKb = Math.ceil(tree.reduce((sum, entry) => sum + entry.data.length, 0) / 1024);
  const scripts = debianScripts();
  writeTree(staging, [
    { path: 'DEBIAN/control', data: Buffer.from(debianControl({ version, arch: request.arch, installedSizeKb })), mode: 0o644 },
    { path: 'DEBIAN/conffiles', data: Buffer.from(`${LINUX_PATHS.optionsFile}\n`), mode: 0o644 },
    { path: 'DEBIAN/postinst', data: Buffer.from(scripts.postinst), mode: 0o755 },
    { path: 'DEBIAN/prerm', data: Buffer.from(scripts.prerm), mode: 0o755 },
    { path: 'DEBIAN/postrm', data: Buffer.from(scripts.postrm), mode: 0o755 },
  ]);
  chmodSync(join(staging, 'DEBIAN'), 0o755);
  runTool('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', staging, target], 'install the dpkg package (it comes with every Debian and Ubuntu)');
}

function buildRpm(request: PackageRequest, executable: Buffer, options: string, version: string, work: string, target: string): void {
  const staging = join(work, 'root');
  writeTree(staging, linuxTree(executable, options));
  const topDir = join(work, 'rpmbuild');
  const spec = join(work, 'sdp-agent.spec');
  writeFileSync(spec, rpmSpec({ version, arch: request.arch, installedSizeKb: 0, stagingDir: staging }));
  runTool(
    'rpmbuild',
    ['-bb', '--quiet', '--define', `_topdir ${topDir}`, '--target', `${RPM_ARCH[request.arch]}-linux`, spec],
    'install Debian\'s "rpm" package (apt-get install rpm) or build on a Red Hat family system',
  );
  const built = join(topDir, 'RPMS', RPM_ARCH[request.arch], `sdp-agent-${version.replace(/-/g, '~')}-1.${RPM_ARCH[request.arch]}.rpm`);
  if (!existsSync(built)) throw new CliError(`rpmbuild wrote no ${built}`);
  renameSync(built, target);
}

function windowsEntries(executable: Buffer, wrapper: Buffer, wrapperConfig: Buffer, options: string): ArchiveEntry[] {
  return [
    { path: WINDOWS.executable, data: executable, mode: 0o755 },
    { path: WINDOWS.wrapper, data: wrapper, mode: 0o755 },
    { path: WINDOWS.wrapperConfig, data: wrapperConfig, mode: 0o644 },
    { path: WINDOWS.wrapperXml, data: Buffer.from(winswXml()), mode: 0o644 },
    { path: WINDOWS.optionsFile, data: Buffer.from(options), mode: 0o600 },
    // PowerShell scripts in CRLF, as Windows editors and Windows PowerShell 5.1 expect them.
    { path: 'install.ps1', data: Buffer.from(installPs1().replace(/\n/g, '\r\n')), mode: 0o644 },
    { path: 'uninstall.ps1', data: Buffer.from(uninstallPs1().replace(/\n/g, '\r\n')), mode: 0o644 },
  ];
}

function macosEntries(executable: Buffer, options: string): ArchiveEntry[] {
  return [
    { path: 'sdp-agent', data: executable, mode: 0o755 },
    { path: `${MACOS.label}.plist`, data: Buffer.from(launchdPlist()), mode: 0o644 },
    { path: 'agent.env', data: Buffer.from(options), mode: 0o600 },
    { path: 'install.sh', data: Buffer.from(macosInstallSh()), mode: 0o755 },
    { path: 'uninstall.sh', data: Buffer.from(macosUninstallSh()), mode: 0o755 },
  ];
}

/** The package's file name in the output folder. */
export function packageFileName(request: PackageRequest, version: string): string {
  switch (request.type) {
    case 'deb':
      return `sdp-agent_${version}_${DEB_ARCH[request.arch]}.deb`;
    case 'rpm':
      return `sdp-agent-${version}-1.${RPM_ARCH[request.arch]}.rpm`;
    case 'windows':
      return `sdp-agent-${version}-windows-x64.zip`;
    case 'macos':
      return `sdp-agent-${version}-macos.tar.gz`;
  }
}

/**
 * Builds the package the request asks for from the prebuilt executables. The package holds the
 * enrollment secret, so it is written readable by its owner only.
 */
export async function buildAgentPackage(request: PackageRequest): Promise<BuiltPackage> {
  const manifest = readManifest(request.executablesDir);
  const executable = prebuilt(request.executablesDir, request.executable, manifest);
  const version = manifest.agentVersion;
  const options = optionsFileText(request, version);
  mkdirSync(request.outputDir, { recursive: true });
  const target = resolve(request.outputDir, packageFileName(request, version));
  const partial = `${target}.partial`;
  const work = mkdtempSync(join(tmpdir(), 'sdp-agent-package-'));
  try {
    switch (request.type) {
      case 'deb':
        buildDeb(request, executable, options, version, work, partial);
        break;
      case 'rpm':
        buildRpm(request, executable, options, version, work, partial);
        break;
      case 'windows': {
        const wrapper = prebuilt(request.executablesDir, WINDOWS.wrapper, manifest);
        const wrapperConfig = readFileSync(join(request.executablesDir, WINDOWS.wrapperConfig));
        writeFileSync(partial, zipArchive(windowsEntries(executable, wrapper, wrapperConfig, options)));
        break;
      }
      case 'macos':
        await writeTarGz(partial, `sdp-agent-${version}-macos`, macosEntries(executable, options));
        break;
    }
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
  return { path: target, sha256: sha256(readFileSync(target)), agentVersion: version };
}
