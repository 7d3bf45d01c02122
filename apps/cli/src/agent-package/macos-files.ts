/** Where the macOS package puts the agent; the data directory is the agent's default on macOS. */
export const MACOS = {
  label: 'org.sdp.agent',
  installDir: '/usr/local/sdp-agent',
  executable: '/usr/local/sdp-agent/sdp-agent',
  dataDir: '/Library/Application Support/sdp-agent',
  optionsFile: '/Library/Application Support/sdp-agent/agent.env',
  plist: '/Library/LaunchDaemons/org.sdp.agent.plist',
  logDir: '/Library/Logs/sdp-agent',
} as const;

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The launchd daemon, the agent's supervisor (which runs the agent and applies its self-updates):
 * started at boot (RunAtLoad) as root, restarted when it exits with an error
 * (KeepAlive: SuccessfulExit false), its output in /Library/Logs/sdp-agent.
 */
export function launchdPlist(): string {
  const argument = (value: string) => `    <string>${xmlText(value)}</string>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${MACOS.label}</string>
  <key>ProgramArguments</key>
  <array>
${[MACOS.executable, 'supervise', '--options-file', MACOS.optionsFile].map(argument).join('\n')}
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>10</integer>
  <key>StandardOutPath</key>
  <string>${MACOS.logDir}/agent.log</string>
  <key>StandardErrorPath</key>
  <string>${MACOS.logDir}/agent.err.log</string>
</dict>
</plist>
`;
}

/**
 * install.sh (run as root from the unpacked folder): installs or upgrades, keeping the data
 * directory (the identity). The executable was changed after Node.js's signature was made, so the
 * script signs it ad hoc with macOS's own codesign; Apple silicon runs no unsigned code.
 * Paths are below $SDP_AGENT_ROOT (empty on a real Mac), so tests can run it against a scratch root.
 */
export function macosInstallSh(): string {
  return `#!/bin/sh
# Installs (or upgrades) the SDP agent as the launchd daemon ${MACOS.label}. Run as root:
#   sudo ./install.sh
set -eu
ROOT="\${SDP_AGENT_ROOT:-}"
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then echo "install.sh: run it as root (sudo ./install.sh)" >&2; exit 1; fi
if [ -z "$ROOT" ] && [ -f "${MACOS.plist}" ]; then launchctl bootout system/${MACOS.label} 2>/dev/null || true; fi
mkdir -p "$ROOT${MACOS.installDir}" "$ROOT${MACOS.dataDir}" "$ROOT${MACOS.logDir}" "$ROOT/Library/LaunchDaemons"
chmod 0700 "$ROOT${MACOS.dataDir}"
cp "$HERE/sdp-agent" "$ROOT${MACOS.executable}.new"
chmod 0755 "$ROOT${MACOS.executable}.new"
if command -v xattr >/dev/null 2>&1; then xattr -d com.apple.quarantine "$ROOT${MACOS.executable}.new" 2>/dev/null || true; fi
if command -v codesign >/dev/null 2>&1; then codesign --sign - --force "$ROOT${MACOS.executable}.new"; fi
mv -f "$ROOT${MACOS.executable}.new" "$ROOT${MACOS.executable}"
cp "$HERE/agent.env" "$ROOT${MACOS.optionsFile}"
chmod 0600 "$ROOT${MACOS.optionsFile}"
cp "$HERE/${MACOS.label}.plist" "$ROOT${MACOS.plist}"
chmod 0644 "$ROOT${MACOS.plist}"
if [ -z "$ROOT" ]; then
  chown root:wheel "${MACOS.plist}" "${MACOS.optionsFile}"
  launchctl bootstrap system "${MACOS.plist}"
  launchctl enable system/${MACOS.label}
fi
echo "sdp-agent installed in ${MACOS.installDir} and started; data in ${MACOS.dataDir}; logs in ${MACOS.logDir}"
`;
}

/** uninstall.sh: removes the daemon and the program; --purge removes the data (identity) and logs too. */
export function macosUninstallSh(): string {
  return `#!/bin/sh
# Removes the SDP agent's daemon and program. --purge also removes its data (identity, history,
# cache, options) and logs. Run as root: sudo ./uninstall.sh [--purge]
set -eu
ROOT="\${SDP_AGENT_ROOT:-}"
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then echo "uninstall.sh: run it as root (sudo ./uninstall.sh)" >&2; exit 1; fi
if [ -z "$ROOT" ]; then launchctl bootout system/${MACOS.label} 2>/dev/null || true; fi
rm -f "$ROOT${MACOS.plist}"
rm -rf "$ROOT${MACOS.installDir}"
if [ "\${1:-}" = "--purge" ]; then rm -rf "$ROOT${MACOS.dataDir}" "$ROOT${MACOS.logDir}"; fi
echo "sdp-agent removed"
`;
}
