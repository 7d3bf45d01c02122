import { debianControl, debianScripts, LINUX_PATHS, rpmSpec, systemdUnit } from './linux-files';
import { launchdPlist, MACOS, macosInstallSh, macosUninstallSh } from './macos-files';
import { installPs1, uninstallPs1, winswXml } from './windows-files';

/** systemd's unit syntax: [Section] then Key=Value lines; # starts a comment. */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | undefined;
  for (const line of text.split('\n').map((raw) => raw.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = sections[header[1]] = {};
      continue;
    }
    const [key, ...rest] = line.split('=');
    if (current === undefined) throw new Error(`${line} outside a section`);
    (current[key] ??= []).push(rest.join('='));
  }
  return sections;
}

/** The top-level keys of a launchd plist's dict with their raw values. */
function plistKeys(text: string): Map<string, string> {
  const body = /<plist version="1.0">\s*<dict>([\s\S]*)<\/dict>\s*<\/plist>/.exec(text)?.[1] ?? '';
  const keys = new Map<string, string>();
  const pattern = /^ {2}<key>([^<]+)<\/key>\n((?: {2}<(?:true|false)\/>\n)|(?: {2}<(string|integer)>[^<]*<\/\3>\n)|(?: {2}<(array|dict)>[\s\S]*?\n {2}<\/\4>\n))/gm;
  for (const match of body.matchAll(pattern)) keys.set(match[1], match[2].trim());
  return keys;
}

describe('the systemd unit', () => {
  const unit = parseUnit(systemdUnit());

  it('runs the executable with its options file, restarts on failure and starts at boot', () => {
    expect(unit.Service.ExecStart).toEqual(['/usr/lib/sdp-agent/sdp-agent supervise --options-file /etc/sdp-agent/agent.env']);
    expect(unit.Service.Restart).toEqual(['on-failure']);
    expect(unit.Install.WantedBy).toEqual(['multi-user.target']);
    expect(unit.Unit.After).toEqual(['network-online.target']);
  });

  it('is hardened only where the programs it runs can still install software', () => {
    expect(unit.Service.NoNewPrivileges).toEqual(['yes']);
    expect(unit.Service.PrivateTmp).toEqual(['yes']);
    for (const blocksInstallers of ['ProtectSystem', 'ProtectKernelModules', 'ProtectKernelTunables', 'ReadOnlyPaths', 'RestrictSUIDSGID', 'UMask']) {
      expect(unit.Service[blocksInstallers]).toBeUndefined();
    }
    expect(systemdUnit()).toMatch(/# .*ProtectSystem=/);
  });
});

describe('the deb and rpm metadata', () => {
  it('declares the package and its architecture', () => {
    const control = debianControl({ version: '1.2.3', arch: 'arm64', installedSizeKb: 10 });
    expect(control).toMatch(/^Package: sdp-agent\nVersion: 1\.2\.3\nArchitecture: arm64\nMaintainer: .+\nInstalled-Size: 10\n/);
    expect(control.split('\n').filter((line) => line.startsWith('Description:'))).toHaveLength(1);
  });

  it('has maintainer scripts that are POSIX shell and act on the reason dpkg gives', () => {
    const scripts = debianScripts();
    for (const script of Object.values(scripts)) expect(script).toMatch(/^#!\/bin\/sh\nset -e\nROOT="\$\{SDP_AGENT_ROOT:-\$\{DPKG_ROOT:-\}\}"/);
    expect(scripts.postinst).toMatch(/configure\) sdp_agent_configure/);
    expect(scripts.prerm).toMatch(/remove\|deconfigure\) sdp_agent_stop; sdp_agent_disable/);
    expect(scripts.postrm).toMatch(/purge\) sdp_agent_reload; sdp_agent_purge/);
  });

  it('builds the rpm from the staged files, unstripped, keeping a changed options file', () => {
    const spec = rpmSpec({ version: '1.2.3-rc.1', arch: 'x64', installedSizeKb: 0, stagingDir: '/tmp/stage' });
    expect(spec).toMatch(/^Version: 1\.2\.3~rc\.1$/m);
    expect(spec).toMatch(/^BuildArch: x86_64$/m);
    expect(spec).toMatch(/^%global __os_install_post %\{nil\}$/m);
    expect(spec).toContain(`%config(noreplace) %attr(0600,root,root) ${LINUX_PATHS.optionsFile}`);
    expect(spec).toContain("cp -a '/tmp/stage/.' %{buildroot}/");
    expect(spec).toMatch(/%preun\n[\s\S]*if \[ "\$1" -eq 0 \]; then sdp_agent_stop; sdp_agent_disable; fi/);
  });
});

describe('the Windows files', () => {
  const install = installPs1();

  it('registers an automatic service with recovery on failure', () => {
    expect(install).toMatch(/^#Requires -RunAsAdministrator/);
    expect(install).toMatch(/New-Service -Name \$ServiceName .*-StartupType Automatic/);
    expect(install).toContain("-BinaryPathName ('\"' + (Join-Path $InstallDir 'sdp-agent-service.exe') + '\"')");
    expect(install).toContain('sc.exe failure $ServiceName reset= 86400 actions= restart/10000/restart/60000/restart/60000');
    expect(install).toContain('sc.exe failureflag $ServiceName 1');
    expect(install).toContain('Start-Service -Name $ServiceName');
  });

  it('keeps the data under ProgramData for SYSTEM and Administrators only', () => {
    expect(install).toContain("$DataDir = Join-Path $env:ProgramData 'sdp-agent'");
    expect(install).toContain("icacls.exe $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'");
    // The ACL is set before the options file with the secret is copied in.
    expect(install.indexOf('icacls.exe')).toBeLessThan(install.indexOf("Join-Path $DataDir 'agent.env'"));
  });

  it('is removed by uninstall.ps1, the data only with -Purge', () => {
    const uninstall = uninstallPs1();
    expect(uninstall).toContain('param([switch]$Purge)');
    expect(uninstall).toContain('sc.exe delete $ServiceName');
    expect(uninstall).toMatch(/if \(\$Purge -and \(Test-Path \$DataDir\)\) \{ Remove-Item -Recurse -Force \$DataDir \}/);
  });

  it("gives the service wrapper the agent's command line and restart on failure", () => {
    const xml = winswXml();
    expect(xml).toContain('<id>sdp-agent</id>');
    expect(xml).toContain('<executable>%BASE%\\sdp-agent.exe</executable>');
    expect(xml).toContain('<arguments>supervise --options-file "%ProgramData%\\sdp-agent\\agent.env"</arguments>');
    expect(xml).toContain('<startmode>Automatic</startmode>');
    expect(xml).toContain('<onfailure action="restart" delay="10 sec"/>');
  });
});

describe('the macOS files', () => {
  const keys = plistKeys(launchdPlist());

  it('is a launchd daemon plist with the keys launchd needs', () => {
    expect(launchdPlist()).toContain('<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">');
    expect([...keys.keys()]).toEqual(['Label', 'ProgramArguments', 'RunAtLoad', 'KeepAlive', 'ThrottleInterval', 'StandardOutPath', 'StandardErrorPath']);
    expect(keys.get('Label')).toBe(`<string>${MACOS.label}</string>`);
    expect(keys.get('ProgramArguments')?.match(/<string>[^<]*<\/string>/g)).toEqual([
      '<string>/usr/local/sdp-agent/sdp-agent</string>',
      '<string>supervise</string>',
      '<string>--options-file</string>',
      '<string>/Library/Application Support/sdp-agent/agent.env</string>',
    ]);
    expect(keys.get('RunAtLoad')).toBe('<true/>');
    expect(keys.get('KeepAlive')).toMatch(/<key>SuccessfulExit<\/key>\s*<false\/>/);
    expect(keys.get('StandardOutPath')).toBe('<string>/Library/Logs/sdp-agent/agent.log</string>');
    expect(keys.get('StandardErrorPath')).toBe('<string>/Library/Logs/sdp-agent/agent.err.log</string>');
  });

  it('installs with launchctl bootstrap, signs ad hoc, and uninstalls the data only with --purge', () => {
    const install = macosInstallSh();
    expect(install).toContain('codesign --sign - --force');
    expect(install).toContain(`launchctl bootstrap system "${MACOS.plist}"`);
    expect(install).toContain('chmod 0600 "$ROOT/Library/Application Support/sdp-agent/agent.env"');
    const uninstall = macosUninstallSh();
    expect(uninstall).toContain(`launchctl bootout system/${MACOS.label}`);
    expect(uninstall).toMatch(/if \[ "\$\{1:-\}" = "--purge" \]; then rm -rf "\$ROOT\/Library\/Application Support\/sdp-agent"/);
  });
});
