import { printable } from '@sdp/text';
import { win32 } from 'node:path';
import { runSystemQuery } from '../inventory/system-query';
import type { ObservedProcess } from './process-matcher';

const POWERSHELL_TIMEOUT_MS = 20_000;
const POWERSHELL_MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * Lists the processes as JSON: Get-Process with the owners' names (-IncludeUserName, which needs
 * the elevation the agent's service has; without it, only the processes of the agent's own
 * session, as its own user), the start time in UTC, and the version resource of each executable
 * (read once per path): its original file name and its file version from the fixed part.
 */
export const LIST_PROCESSES_SCRIPT = `
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
$ownUser = $null
try { $all = Get-Process -IncludeUserName }
catch {
  $all = Get-Process
  $ownUser = [Security.Principal.WindowsIdentity]::GetCurrent().Name
  $ownSession = (Get-Process -Id $PID).SessionId
}
$versions = @{}
$list = foreach ($p in $all) {
  if ($ownUser) { if ($p.SessionId -ne $ownSession) { continue }; $user = $ownUser } else { $user = $p.UserName }
  $started = $null
  try { $started = $p.StartTime } catch { }
  if (-not $user -or -not $started) { continue }
  $path = $null
  try { $path = $p.Path } catch { }
  $original = $null
  $version = $null
  if ($path) {
    if (-not $versions.ContainsKey($path)) {
      $info = $null
      try { $info = [Diagnostics.FileVersionInfo]::GetVersionInfo($path) } catch { }
      $versions[$path] = $info
    }
    $info = $versions[$path]
    if ($info) {
      $original = $info.OriginalFilename
      if ($info.FileVersion) { $version = '{0}.{1}.{2}.{3}' -f $info.FileMajorPart, $info.FileMinorPart, $info.FileBuildPart, $info.FilePrivatePart }
    }
  }
  [pscustomobject]@{
    pid = $p.Id
    name = $p.ProcessName
    path = $path
    startedAt = $started.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", [Globalization.CultureInfo]::InvariantCulture)
    user = $user
    originalFileName = $original
    fileVersion = $version
  }
}
ConvertTo-Json -InputObject @($list) -Compress
`;

/**
 * The JSON LIST_PROCESSES_SCRIPT prints: one object per process with `pid`, `name` (the process
 * name, without `.exe`), `path` (null where Windows hides it, as for protected processes),
 * `startedAt` (UTC), `user` (`DOMAIN\\user`, as Windows names owners), `originalFileName` and
 * `fileVersion` (null when the executable has no version resource). The file name is the path's;
 * without a path, the process name with `.exe`. An entry that does not read so is left out.
 */
export function parseWindowsProcessJson(json: string): ObservedProcess[] {
  const text = json.trim();
  if (text === '') {
    return [];
  }
  const parsed = JSON.parse(text) as unknown;
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const processes: ObservedProcess[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { pid, name, path, startedAt, user, originalFileName, fileVersion } = entry as Record<string, unknown>;
    // .NET writes up to seven decimals of a second; JavaScript reads three.
    const started = typeof startedAt === 'string' ? Date.parse(startedAt.replace(/(\.\d{3})\d+/, '$1')) : NaN;
    const fileName = typeof path === 'string' && path !== '' ? win32.basename(path) : typeof name === 'string' && name !== '' ? `${name}.exe` : undefined;
    if (typeof pid !== 'number' || Number.isNaN(started) || typeof user !== 'string' || user === '' || fileName === undefined) {
      continue;
    }
    const observed: ObservedProcess = { pid, startedAt: started, name: fileName, user };
    if (typeof originalFileName === 'string' && originalFileName.trim() !== '') observed.originalName = originalFileName.trim();
    if (typeof fileVersion === 'string' && fileVersion !== '') observed.version = fileVersion;
    processes.push(observed);
  }
  return processes;
}

/** PowerShell's -EncodedCommand: the script as UTF-16LE in base64, so no quoting of it can go wrong. */
export function encodedCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/** Every process on Windows, by Windows PowerShell (part of every Windows the agent supports), run without a shell. */
export async function listWindowsProcesses(env: NodeJS.ProcessEnv = process.env): Promise<ObservedProcess[]> {
  const result = await runSystemQuery(
    'powershell.exe',
    ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodedCommand(LIST_PROCESSES_SCRIPT)],
    { env, timeoutMs: POWERSHELL_TIMEOUT_MS, maxOutputBytes: POWERSHELL_MAX_OUTPUT_BYTES },
  );
  if (result.exitCode !== 0) {
    throw new Error(printable(`listing the processes: powershell exited with ${result.exitCode}: ${result.stderr.trim().split(/\r?\n/)[0] ?? ''}`));
  }
  try {
    return parseWindowsProcessJson(result.stdout);
  } catch (error) {
    throw new Error(printable(`listing the processes: powershell did not print JSON: ${(error as Error).message}`));
  }
}
