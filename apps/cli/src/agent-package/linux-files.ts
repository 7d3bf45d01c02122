/** Where the deb and the rpm put the agent; the agent's own default data directory on Linux. */
export const LINUX_PATHS = {
  executable: '/usr/lib/sdp-agent/sdp-agent',
  optionsDir: '/etc/sdp-agent',
  optionsFile: '/etc/sdp-agent/agent.env',
  dataDir: '/var/lib/sdp-agent',
  unitFile: '/usr/lib/systemd/system/sdp-agent.service',
  unitName: 'sdp-agent.service',
} as const;

/** The systemd unit of the agent's service. */
export function systemdUnit(): string {
  return `[Unit]
Description=SDP agent: runs the software advertised to this computer
Documentation=sdp-agent --help
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
# supervise (the agent's own supervisor) runs the agent, restarts it and applies its self-updates,
# putting the old executable back when a new one does not come up; systemd keeps the supervisor up.
ExecStart=${LINUX_PATHS.executable} supervise --options-file ${LINUX_PATHS.optionsFile}
Restart=on-failure
RestartSec=10
# Hardening that leaves the programs the agent runs able to install software. Those programs are
# installers (apt-get, dpkg, rpm, shell scripts) that write /usr, /etc, /opt, /boot and /var, load
# kernel modules and set sysctls, and a self-update replaces ${LINUX_PATHS.executable}, so
# ProtectSystem= (strict, full or yes would make /usr and /boot, or more, read-only), ProtectKernel*=, ProtectClock=, RestrictSUIDSGID= and a narrow UMask= are
# left out on purpose: each breaks some installer. What is set takes nothing an installer needs:
# no process of the service gains privileges through setuid binaries or file capabilities, and
# the service's /tmp and /var/tmp are its own, not shared with the computer's users.
NoNewPrivileges=yes
PrivateTmp=yes
LockPersonality=yes
RestrictRealtime=yes

[Install]
WantedBy=multi-user.target
`;
}

/**
 * Shell functions shared by the deb's and the rpm's maintainer scripts. Every path is below
 * $SDP_AGENT_ROOT, or dpkg's $DPKG_ROOT when dpkg installs into another root without chroot
 * (`dpkg --root DIR --force-script-chrootless`); both are empty on a real computer, and tests run
 * the scripts against a scratch root. systemctl is used only where systemd runs
 * ($ROOT/run/systemd/system exists).
 */
function maintainerFunctions(): string {
  const { executable, optionsDir, optionsFile, dataDir, unitName } = LINUX_PATHS;
  return `ROOT="\${SDP_AGENT_ROOT:-\${DPKG_ROOT:-}}"
UNIT=${unitName}
has_systemd() { [ -d "$ROOT/run/systemd/system" ] && command -v systemctl >/dev/null 2>&1; }
# Install and upgrade: the data directory (the computer's identity: key, token, history) is kept as
# it is; only its access is made sure of. The service then starts, or restarts on the new
# executable, and enrolls on its first cycle when it has no identity yet.
sdp_agent_configure() {
  mkdir -p "$ROOT${dataDir}"
  chmod 0700 "$ROOT${dataDir}"
  chmod 0700 "$ROOT${optionsDir}"
  chmod 0600 "$ROOT${optionsFile}"
  if has_systemd; then
    systemctl daemon-reload || true
    systemctl enable "$UNIT" || true
    systemctl restart "$UNIT" || echo "sdp-agent: the service did not start; see journalctl -u sdp-agent" >&2
  else
    echo "sdp-agent: systemd is not running here; start ${executable} supervise --options-file ${optionsFile} by other means" >&2
  fi
}
sdp_agent_stop() {
  if has_systemd; then systemctl stop "$UNIT" || true; fi
}
sdp_agent_disable() {
  if has_systemd; then systemctl disable "$UNIT" || true; fi
}
sdp_agent_reload() {
  if has_systemd; then systemctl daemon-reload || true; fi
}
# Everything the agent left: its identity, history, cache and options.
sdp_agent_purge() {
  rm -rf "$ROOT${dataDir}" "$ROOT${optionsDir}"
}
`;
}

export interface DebianScripts {
  postinst: string;
  prerm: string;
  postrm: string;
}

/** The deb's maintainer scripts (Debian policy chapter 6: the first argument says why each runs). */
export function debianScripts(): DebianScripts {
  const head = `#!/bin/sh\nset -e\n${maintainerFunctions()}`;
  return {
    postinst: `${head}
case "$1" in
  configure) sdp_agent_configure ;;
esac
exit 0
`,
    prerm: `${head}
case "$1" in
  remove|deconfigure) sdp_agent_stop; sdp_agent_disable ;;
  upgrade) sdp_agent_stop ;;
esac
exit 0
`,
    postrm: `${head}
case "$1" in
  purge) sdp_agent_reload; sdp_agent_purge ;;
  remove) sdp_agent_reload ;;
esac
exit 0
`,
  };
}

export const DEB_ARCH = { x64: 'amd64', arm64: 'arm64' } as const;
export const RPM_ARCH = { x64: 'x86_64', arm64: 'aarch64' } as const;

export interface DebControl {
  version: string;
  arch: keyof typeof DEB_ARCH;
  installedSizeKb: number;
}

export function debianControl({ version, arch, installedSizeKb }: DebControl): string {
  return `Package: sdp-agent
Version: ${version}
Architecture: ${DEB_ARCH[arch]}
Maintainer: SDP administrators <root@localhost>
Installed-Size: ${installedSizeKb}
Section: admin
Priority: optional
Description: SDP agent, the software distribution client of a managed computer
 Runs as the sdp-agent systemd service: enrolls this computer, reports its inventory, and
 downloads and runs the programs advertised to it. A single executable: no Node.js needed.
 Its settings, the enrollment secret among them, are in ${LINUX_PATHS.optionsFile}.
`;
}

export interface RpmSpec extends DebControl {
  /** The folder holding the files as they are installed (the build root's source). */
  stagingDir: string;
}

/**
 * The rpm's spec: the files are prebuilt, so %install copies them, and nothing is stripped or
 * scanned (stripping would cut the agent out of its executable). rpm has no purge: erasing
 * removes everything, upgrading keeps the identity.
 */
export function rpmSpec({ version, arch, stagingDir }: RpmSpec): string {
  const { executable, optionsDir, optionsFile, unitFile } = LINUX_PATHS;
  const functions = maintainerFunctions();
  return `%global debug_package %{nil}
%global __os_install_post %{nil}
%global _build_id_links none
# gzip: every rpm version reads it (zstd payloads need rpm 4.14 or newer).
%global _binary_payload w6.gzdio
Name: sdp-agent
Version: ${version.replace(/-/g, '~')}
Release: 1
Summary: SDP agent, the software distribution client of a managed computer
License: Apache-2.0
BuildArch: ${RPM_ARCH[arch]}
AutoReqProv: no

%description
Runs as the sdp-agent systemd service: enrolls this computer, reports its inventory, and
downloads and runs the programs advertised to it. A single executable: no Node.js needed.
Its settings, the enrollment secret among them, are in ${optionsFile}.

%install
mkdir -p %{buildroot}
cp -a '${stagingDir}/.' %{buildroot}/

%files
%dir %attr(0755,root,root) /usr/lib/sdp-agent
%attr(0755,root,root) ${executable}
%attr(0644,root,root) ${unitFile}
%dir %attr(0700,root,root) ${optionsDir}
%config(noreplace) %attr(0600,root,root) ${optionsFile}

%post
${functions}
sdp_agent_configure
exit 0

%preun
${functions}
# $1 is 0 when the package is erased, 1 when an upgrade replaces it (the new one's %post ran).
if [ "$1" -eq 0 ]; then sdp_agent_stop; sdp_agent_disable; fi
exit 0

%postun
${functions}
if [ "$1" -eq 0 ]; then sdp_agent_reload; sdp_agent_purge; fi
exit 0
`;
}
