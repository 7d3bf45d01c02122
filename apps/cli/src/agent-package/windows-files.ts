/**
 * The Windows package: a zip of the agent's executable, the service wrapper (WinSW, which speaks
 * the service control protocol that a console program such as the agent does not), the
 * wrapper's configuration, the options file and install.ps1 / uninstall.ps1.
 */
export const WINDOWS = {
  serviceName: 'sdp-agent',
  displayName: 'SDP agent',
  executable: 'sdp-agent.exe',
  wrapper: 'sdp-agent-service.exe',
  wrapperConfig: 'sdp-agent-service.exe.config',
  wrapperXml: 'sdp-agent-service.xml',
  optionsFile: 'agent.env',
} as const;

/**
 * WinSW's configuration: what the service runs (the agent's supervisor, which runs the agent and
 * applies its self-updates), where its output goes, restart on failure.
 */
export function winswXml(): string {
  return `<service>
  <id>${WINDOWS.serviceName}</id>
  <name>${WINDOWS.displayName}</name>
  <description>Software distribution client: runs the programs advertised to this computer.</description>
  <executable>%BASE%\\${WINDOWS.executable}</executable>
  <arguments>supervise --options-file "%ProgramData%\\sdp-agent\\${WINDOWS.optionsFile}"</arguments>
  <startmode>Automatic</startmode>
  <stoptimeout>30 sec</stoptimeout>
  <onfailure action="restart" delay="10 sec"/>
  <onfailure action="restart" delay="60 sec"/>
  <resetfailure>1 day</resetfailure>
  <logpath>%ProgramData%\\sdp-agent\\logs</logpath>
  <log mode="roll-by-size">
    <sizeThreshold>10240</sizeThreshold>
    <keepFiles>5</keepFiles>
  </log>
</service>
`;
}

/**
 * install.ps1: installs or upgrades. The program goes to Program Files, the data (identity,
 * history, cache, options with the secret) stays under ProgramData\sdp-agent, readable by SYSTEM
 * and Administrators only; an upgrade keeps it, so the computer keeps its identity.
 */
export function installPs1(): string {
  const { serviceName, displayName, executable, wrapper, wrapperConfig, wrapperXml, optionsFile } = WINDOWS;
  return `#Requires -RunAsAdministrator
# Installs (or upgrades) the SDP agent as the Windows service "${serviceName}".
# Run from the unpacked folder: powershell -ExecutionPolicy Bypass -File .\\install.ps1
$ErrorActionPreference = 'Stop'
$ServiceName = '${serviceName}'
$InstallDir = Join-Path $env:ProgramFiles 'sdp-agent'
$DataDir = Join-Path $env:ProgramData 'sdp-agent'

$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($existing -and $existing.Status -ne 'Stopped') {
  Stop-Service -Name $ServiceName -Force
  $existing.WaitForStatus('Stopped', (New-TimeSpan -Seconds 60))
}

New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
# The data holds the computer's key and the enrollment secret: SYSTEM (S-1-5-18) and
# Administrators (S-1-5-32-544) only, inherited by everything below, nothing inherited from above.
& icacls.exe $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' /T /Q | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls failed on $DataDir" }

foreach ($file in @('${executable}', '${wrapper}', '${wrapperConfig}', '${wrapperXml}')) {
  Copy-Item -Path (Join-Path $PSScriptRoot $file) -Destination (Join-Path $InstallDir $file) -Force
}
Copy-Item -Path (Join-Path $PSScriptRoot '${optionsFile}') -Destination (Join-Path $DataDir '${optionsFile}') -Force

if (-not $existing) {
  New-Service -Name $ServiceName -DisplayName '${displayName}' -StartupType Automatic \`
    -BinaryPathName ('"' + (Join-Path $InstallDir '${wrapper}') + '"') \`
    -Description 'Software distribution client: runs the programs advertised to this computer.' | Out-Null
}
& sc.exe config $ServiceName start= auto | Out-Null
# Recovery: restart after 10 s, then after 60 s; the count resets after a day without failure.
& sc.exe failure $ServiceName reset= 86400 actions= restart/10000/restart/60000/restart/60000 | Out-Null
if ($LASTEXITCODE -ne 0) { throw "sc.exe failure $ServiceName failed" }
# Recovery also when the service stops with an error, not only when its process crashes.
& sc.exe failureflag $ServiceName 1 | Out-Null

Start-Service -Name $ServiceName
Write-Output "sdp-agent installed in $InstallDir and started; data in $DataDir; logs in $DataDir\\logs"
`;
}

/** uninstall.ps1: removes the service and the program; -Purge removes the data (the identity) too. */
export function uninstallPs1(): string {
  return `#Requires -RunAsAdministrator
# Removes the SDP agent's service and program. -Purge also removes its data: identity, history,
# cache and options (a computer installed again then enrolls as a new client).
param([switch]$Purge)
$ErrorActionPreference = 'Stop'
$ServiceName = '${WINDOWS.serviceName}'
$InstallDir = Join-Path $env:ProgramFiles 'sdp-agent'
$DataDir = Join-Path $env:ProgramData 'sdp-agent'

$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($existing) {
  if ($existing.Status -ne 'Stopped') {
    Stop-Service -Name $ServiceName -Force
    $existing.WaitForStatus('Stopped', (New-TimeSpan -Seconds 60))
  }
  & sc.exe delete $ServiceName | Out-Null
  if ($LASTEXITCODE -ne 0) { throw "sc.exe delete $ServiceName failed" }
}
if (Test-Path $InstallDir) { Remove-Item -Recurse -Force $InstallDir }
if ($Purge -and (Test-Path $DataDir)) { Remove-Item -Recurse -Force $DataDir }
Write-Output "sdp-agent removed$(if ($Purge) { ' with its data' } else { "; its data stays in $DataDir (-Purge removes it)" })"
`;
}
