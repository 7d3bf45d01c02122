import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yauzl from 'yauzl';
import { runCli } from '../cli';

/**
 * The agent's installers built from the real single executables of every platform (built once by
 * tools/agent-build, as npm test's "agent executables" stage does; a later run finds them up to
 * date): the Linux x64 one runs without Node.js, the deb and rpm hold what they must and their
 * maintainer scripts work against a scratch root, the Windows zip and the macOS tarball hold the
 * injected executables and their scripts.
 */
const root = join(__dirname, '../../../..');
const executables = join(root, 'dist/agent-executables');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = { PATH: process.env.PATH }): Run {
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function sdp(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text) => void (stdout += text), isTTY: false },
    stderr: { write: (text) => void (stderr += text), isTTY: false },
    env: { SDP_CONFIG: '/nonexistent/sdp-config.json', ...env },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

const SERVICES = ['--targeting-url', 'http://127.0.0.1:9/t', '--advertisement-url', 'https://sdp.example.com:3004', '--replication-url', 'https://sdp.example.com:3002', '--metering-url', 'https://sdp.example.com:3005'];

describe('agent installers from the single executable', () => {
  let work: string;

  beforeAll(() => {
    const build = run(process.execPath, [join(root, 'tools/agent-build/build-agent.mjs')], process.env);
    if (build.code !== 0) throw new Error(`building the agent executables failed:\n${build.stderr.slice(-3000)}`);
    work = mkdtempSync(join(tmpdir(), 'sdp-agent-package-'));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('runs as a single executable without Node.js: --version, and a cycle with its options file', () => {
    const executable = join(executables, 'sdp-agent-linux-x64');
    const noNode = { PATH: '/nonexistent' };
    expect(run(executable, ['--version'], noNode)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const options = join(work, 'agent.env');
    writeFileSync(options, 'SDP_TARGETING_URL=http://127.0.0.1:9\nSDP_ADVERTISEMENT_URL=http://127.0.0.1:9\nSDP_REPLICATION_URL=http://127.0.0.1:9\nSDP_AGENT_ENROLL_SECRET=x\n');
    const cycle = run(executable, ['--options-file', options, '--data-dir', join(work, 'data'), '--once'], noNode);
    // It got as far as registering with the targeting service of its options file, which is not there.
    expect(cycle.stdout).toContain('"event":"register"');
    expect(cycle).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot register with targeting: POST http://127.0.0.1:9/api/v1/clients/challenge') });
    expect(statSync(join(work, 'data', 'client-key.pem')).mode & 0o777).toBe(0o600);
  });

  describe('the deb', () => {
    let deb: string;
    let scratch: string;
    let systemctlLog: string;
    let binDir: string;

    beforeAll(async () => {
      const built = await sdp(['agent', 'package', '--type', 'deb', '--enroll-secret', 'sdp_enr_deb-secret', ...SERVICES, '--output', join(work, 'out'), '--executables', executables, '--json']);
      expect({ code: built.code, stderr: built.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('note: http://127.0.0.1:9/t names this computer') });
      deb = (JSON.parse(built.stdout) as { path: string }).path;
      scratch = join(work, 'root');
      expect(run('dpkg-deb', ['-x', deb, scratch]).code).toBe(0);
      expect(run('dpkg-deb', ['-e', deb, join(work, 'control')]).code).toBe(0);
      // A systemctl that only logs what it is asked, and a scratch root where "systemd runs".
      binDir = join(work, 'bin');
      mkdirSync(binDir);
      systemctlLog = join(work, 'systemctl.log');
      writeFileSync(join(binDir, 'systemctl'), `#!/bin/sh\necho "$*" >> '${systemctlLog}'\n`);
      chmodSync(join(binDir, 'systemctl'), 0o755);
    });

    function maintainer(script: string, args: string[], withSystemd = true): Run {
      rmSync(systemctlLog, { force: true });
      if (withSystemd) mkdirSync(join(scratch, 'run/systemd/system'), { recursive: true });
      else rmSync(join(scratch, 'run'), { recursive: true, force: true });
      return run('sh', [join(work, 'control', script), ...args], { PATH: `${binDir}:/usr/bin:/bin`, SDP_AGENT_ROOT: scratch });
    }
    const systemctlCalls = () => (existsSync(systemctlLog) ? readFileSync(systemctlLog, 'utf8').trim().split('\n') : []);

    it('holds the executable, the unit and the options file, owned by root with the right modes', () => {
      const listing = run('dpkg-deb', ['-c', deb]).stdout;
      expect(listing).toMatch(/^-rwxr-xr-x root\/root +\d+ .* \.\/usr\/lib\/sdp-agent\/sdp-agent$/m);
      expect(listing).toMatch(/^-rw-r--r-- root\/root +\d+ .* \.\/usr\/lib\/systemd\/system\/sdp-agent\.service$/m);
      expect(listing).toMatch(/^drwx------ root\/root +0 .* \.\/etc\/sdp-agent\/$/m);
      expect(listing).toMatch(/^-rw------- root\/root +\d+ .* \.\/etc\/sdp-agent\/agent\.env$/m);
      const info = run('dpkg-deb', ['-I', deb]).stdout;
      expect(info).toMatch(new RegExp(`^ Package: sdp-agent\\n Version: ${version.replace(/\./g, '\\.')}\\n Architecture: amd64$`, 'm'));
      for (const script of ['postinst', 'prerm', 'postrm']) expect(info).toMatch(new RegExp(`^ +\\d+ bytes, +\\d+ lines +\\* +${script} +#!/bin/sh$`, 'm'));
      expect(info).toMatch(/^ +\d+ bytes, +1 lines +conffiles *$/m);
      expect(readFileSync(join(work, 'control/conffiles'), 'utf8')).toBe('/etc/sdp-agent/agent.env\n');
      // The executable inside is the one built, and runs.
      const inside = readFileSync(join(scratch, 'usr/lib/sdp-agent/sdp-agent'));
      expect(createHash('sha256').update(inside).digest('hex')).toBe(createHash('sha256').update(readFileSync(join(executables, 'sdp-agent-linux-x64'))).digest('hex'));
      expect(run(join(scratch, 'usr/lib/sdp-agent/sdp-agent'), ['--version']).stdout).toBe(`${version}\n`);
      const unit = readFileSync(join(scratch, 'usr/lib/systemd/system/sdp-agent.service'), 'utf8');
      expect(unit).toMatch(/^ExecStart=\/usr\/lib\/sdp-agent\/sdp-agent supervise --options-file \/etc\/sdp-agent\/agent\.env$/m);
      expect(unit).toMatch(/^Restart=on-failure$/m);
      expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
      expect(readFileSync(join(scratch, 'etc/sdp-agent/agent.env'), 'utf8')).toMatch(/^SDP_TARGETING_URL=http:\/\/127\.0\.0\.1:9\/t\nSDP_ADVERTISEMENT_URL=https:\/\/sdp\.example\.com:3004\nSDP_REPLICATION_URL=https:\/\/sdp\.example\.com:3002\nSDP_METERING_URL=https:\/\/sdp\.example\.com:3005\nSDP_AGENT_ENROLL_SECRET=sdp_enr_deb-secret\n$/m);
    });

    it('installs, upgrades keeping the identity, removes, and purges everything (maintainer scripts on a scratch root)', () => {
      // Install: the data directory appears, the service is enabled and started.
      expect(maintainer('postinst', ['configure'])).toMatchObject({ code: 0 });
      expect(systemctlCalls()).toEqual(['daemon-reload', 'enable sdp-agent.service', 'restart sdp-agent.service']);
      const dataDir = join(scratch, 'var/lib/sdp-agent');
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(scratch, 'etc/sdp-agent/agent.env')).mode & 0o777).toBe(0o600);
      // The agent enrolled: its identity is in the data directory.
      writeFileSync(join(dataDir, 'identity.json'), '{"clientId":"c-1"}');
      writeFileSync(join(dataDir, 'client-key.pem'), 'key');

      // Upgrade: the old prerm stops it, the new postinst restarts it; the identity stays.
      expect(maintainer('prerm', ['upgrade', '9.9.9'])).toMatchObject({ code: 0 });
      expect(systemctlCalls()).toEqual(['stop sdp-agent.service']);
      expect(maintainer('postinst', ['configure', version])).toMatchObject({ code: 0 });
      expect(systemctlCalls()).toEqual(['daemon-reload', 'enable sdp-agent.service', 'restart sdp-agent.service']);
      expect(readFileSync(join(dataDir, 'identity.json'), 'utf8')).toBe('{"clientId":"c-1"}');

      // Remove: stopped and disabled; the identity and options stay for a reinstall.
      expect(maintainer('prerm', ['remove'])).toMatchObject({ code: 0 });
      expect(systemctlCalls()).toEqual(['stop sdp-agent.service', 'disable sdp-agent.service']);
      expect(maintainer('postrm', ['remove'])).toMatchObject({ code: 0 });
      expect(existsSync(join(dataDir, 'identity.json'))).toBe(true);
      expect(existsSync(join(scratch, 'etc/sdp-agent/agent.env'))).toBe(true);

      // Purge: nothing of the agent's is left.
      expect(maintainer('postrm', ['purge'])).toMatchObject({ code: 0 });
      expect(systemctlCalls()).toEqual(['daemon-reload']);
      expect(existsSync(dataDir)).toBe(false);
      expect(existsSync(join(scratch, 'etc/sdp-agent'))).toBe(false);
    });

    it('is installed, upgraded, removed and purged by dpkg itself into a scratch root', () => {
      const dpkgRoot = join(work, 'dpkg-root');
      mkdirSync(join(dpkgRoot, 'var/lib/dpkg/updates'), { recursive: true });
      mkdirSync(join(dpkgRoot, 'var/lib/dpkg/info'), { recursive: true });
      writeFileSync(join(dpkgRoot, 'var/lib/dpkg/status'), '');
      // Without chroot, dpkg runs the maintainer scripts with DPKG_ROOT set to the root.
      const dpkg = (...args: string[]) => run('dpkg', ['--root', dpkgRoot, '--force-script-chrootless', '--force-not-root', ...args], { PATH: process.env.PATH });
      const status = () => run('dpkg-query', ['--root', dpkgRoot, '-W', '-f', '${db:Status-Abbrev}', 'sdp-agent']).stdout.trim();
      expect(dpkg('-i', deb)).toMatchObject({ code: 0 });
      expect(status()).toBe('ii');
      expect(statSync(join(dpkgRoot, 'var/lib/sdp-agent')).mode & 0o777).toBe(0o700);
      writeFileSync(join(dpkgRoot, 'var/lib/sdp-agent/identity.json'), '{"clientId":"c-2"}');
      // Installing the package again is dpkg's upgrade path: prerm upgrade, then postinst configure.
      expect(dpkg('-i', deb)).toMatchObject({ code: 0 });
      expect(readFileSync(join(dpkgRoot, 'var/lib/sdp-agent/identity.json'), 'utf8')).toBe('{"clientId":"c-2"}');
      expect(dpkg('-r', 'sdp-agent')).toMatchObject({ code: 0 });
      expect(status()).toBe('rc');
      expect(existsSync(join(dpkgRoot, 'usr/lib/sdp-agent/sdp-agent'))).toBe(false);
      expect(existsSync(join(dpkgRoot, 'var/lib/sdp-agent/identity.json'))).toBe(true);
      expect(dpkg('-P', 'sdp-agent')).toMatchObject({ code: 0 });
      expect(existsSync(join(dpkgRoot, 'var/lib/sdp-agent'))).toBe(false);
      expect(existsSync(join(dpkgRoot, 'etc/sdp-agent'))).toBe(false);
    });

    it('installs on a computer without systemd, saying how to start the agent, without calling systemctl', () => {
      mkdirSync(join(scratch, 'etc/sdp-agent'), { recursive: true });
      writeFileSync(join(scratch, 'etc/sdp-agent/agent.env'), 'SDP_AGENT_ENROLL_SECRET=x\n');
      const result = maintainer('postinst', ['configure'], false);
      expect(result).toMatchObject({ code: 0, stderr: 'sdp-agent: systemd is not running here; start /usr/lib/sdp-agent/sdp-agent supervise --options-file /etc/sdp-agent/agent.env by other means\n' });
      expect(systemctlCalls()).toEqual([]);
      expect(statSync(join(scratch, 'var/lib/sdp-agent')).mode & 0o777).toBe(0o700);
    });
  });

  it('builds an rpm with the same files and scriptlets', async () => {
    const built = await sdp(['agent', 'package', '--type', 'rpm', '--enroll-secret', 'sdp_enr_rpm', ...SERVICES, '--output', join(work, 'out'), '--executables', executables, '--json']);
    expect(built).toMatchObject({ code: 0 });
    const rpm = (JSON.parse(built.stdout) as { path: string }).path;
    expect(rpm).toMatch(new RegExp(`sdp-agent-${version.replace(/\./g, '\\.')}-1\\.x86_64\\.rpm$`));
    const files = run('rpm', ['-qlvp', rpm]).stdout;
    expect(files).toMatch(/^-rwxr-xr-x +1 root +root +\d+ .* \/usr\/lib\/sdp-agent\/sdp-agent$/m);
    expect(files).toMatch(/^-rw-r--r-- +1 root +root +\d+ .* \/usr\/lib\/systemd\/system\/sdp-agent\.service$/m);
    expect(files).toMatch(/^-rw------- +1 root +root +\d+ .* \/etc\/sdp-agent\/agent\.env$/m);
    const scripts = run('rpm', ['-qp', '--scripts', rpm]).stdout;
    expect(scripts).toMatch(/^postinstall scriptlet \(using \/bin\/sh\):$/m);
    expect(scripts).toMatch(/^preuninstall scriptlet \(using \/bin\/sh\):$/m);
    expect(scripts).toMatch(/^postuninstall scriptlet \(using \/bin\/sh\):$/m);
    expect(run('rpm', ['-qp', '--configfiles', rpm]).stdout).toBe('/etc/sdp-agent/agent.env\n');

    // The scriptlets against a scratch root: rpm passes the count of installed versions left.
    const scriptlet: Record<string, string> = {};
    for (const [, name, body] of scripts.matchAll(/^(\w+) scriptlet \(using \/bin\/sh\):\n([\s\S]*?)(?=^\w+ scriptlet |$(?![\s\S]))/gm)) {
      scriptlet[name] = join(work, `rpm-${name}.sh`);
      writeFileSync(scriptlet[name], body);
    }
    const scratch = join(work, 'rpm-root');
    mkdirSync(join(scratch, 'etc/sdp-agent'), { recursive: true });
    writeFileSync(join(scratch, 'etc/sdp-agent/agent.env'), 'SDP_AGENT_ENROLL_SECRET=x\n');
    const scriptletRun = (name: string, count: number) => run('sh', [scriptlet[name], String(count)], { PATH: '/usr/bin:/bin', SDP_AGENT_ROOT: scratch });
    expect(scriptletRun('postinstall', 1)).toMatchObject({ code: 0 });
    expect(statSync(join(scratch, 'var/lib/sdp-agent')).mode & 0o777).toBe(0o700);
    writeFileSync(join(scratch, 'var/lib/sdp-agent/identity.json'), '{}');
    // Upgrade: the new package's %post, then the old one's %preun and %postun with 1 left.
    expect(scriptletRun('postinstall', 2)).toMatchObject({ code: 0 });
    expect(scriptletRun('preuninstall', 1)).toMatchObject({ code: 0 });
    expect(scriptletRun('postuninstall', 1)).toMatchObject({ code: 0 });
    expect(existsSync(join(scratch, 'var/lib/sdp-agent/identity.json'))).toBe(true);
    // Erase: nothing is left.
    expect(scriptletRun('preuninstall', 0)).toMatchObject({ code: 0 });
    expect(scriptletRun('postuninstall', 0)).toMatchObject({ code: 0 });
    expect(existsSync(join(scratch, 'var/lib/sdp-agent'))).toBe(false);
    expect(existsSync(join(scratch, 'etc/sdp-agent'))).toBe(false);
  });

  describe('the Windows zip and the macOS tarball', () => {
    const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    // The fuse postject flips when it injects the agent: set, the binary starts the agent, not Node.js.
    const SEA_FUSE_SET = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1';

    it('zips the executable, the service wrapper, install.ps1 and uninstall.ps1 for Windows', async () => {
      const built = await sdp(['agent', 'package', '--type', 'windows', '--enroll-secret', 'sdp_enr_win', ...SERVICES, '--output', join(work, 'out'), '--executables', executables, '--json']);
      expect(built).toMatchObject({ code: 0 });
      const zip = (JSON.parse(built.stdout) as { path: string }).path;
      expect(zip).toMatch(new RegExp(`sdp-agent-${version.replace(/\./g, '\\.')}-windows-x64\\.zip$`));
      expect(statSync(zip).mode & 0o777).toBe(0o600);
      const files = new Map<string, Buffer>();
      await new Promise<void>((resolve, reject) =>
        yauzl.open(zip, { lazyEntries: true, validateEntrySizes: true }, (error, file) => {
          if (error || !file) return reject(error);
          file.on('entry', (entry: yauzl.Entry) =>
            file.openReadStream(entry, (streamError, stream) => {
              if (streamError || !stream) return reject(streamError);
              const chunks: Buffer[] = [];
              stream.on('data', (chunk: Buffer) => chunks.push(chunk));
              stream.on('end', () => {
                files.set(entry.fileName, Buffer.concat(chunks));
                file.readEntry();
              });
            }),
          );
          file.on('end', () => resolve());
          file.on('error', reject);
          file.readEntry();
        }),
      );
      expect([...files.keys()]).toEqual(['sdp-agent.exe', 'sdp-agent-service.exe', 'sdp-agent-service.exe.config', 'sdp-agent-service.xml', 'agent.env', 'install.ps1', 'uninstall.ps1']);
      const exe = files.get('sdp-agent.exe')!;
      expect(sha256Of(exe)).toBe(sha256Of(readFileSync(join(executables, 'sdp-agent-windows-x64.exe'))));
      expect(exe.subarray(0, 2).toString('latin1')).toBe('MZ');
      expect(exe.includes(SEA_FUSE_SET)).toBe(true);
      expect(files.get('install.ps1')!.toString('utf8')).toContain('sc.exe failure $ServiceName reset= 86400 actions= restart/10000/restart/60000/restart/60000 | Out-Null\r\n');
      expect(files.get('agent.env')!.toString('utf8')).toContain('SDP_AGENT_ENROLL_SECRET=sdp_enr_win\n');
    });

    it('tars the executable, the launchd plist and install/uninstall scripts for macOS, and the scripts work on a scratch root', async () => {
      const built = await sdp(['agent', 'package', '--type', 'macos', '--enroll-secret', 'sdp_enr_mac', ...SERVICES, '--output', join(work, 'out'), '--executables', executables, '--json']);
      expect(built).toMatchObject({ code: 0 });
      const tarball = (JSON.parse(built.stdout) as { path: string }).path;
      const unpacked = join(work, 'mac');
      mkdirSync(unpacked);
      expect(run('tar', ['-xzf', tarball, '-C', unpacked]).code).toBe(0);
      const folder = join(unpacked, `sdp-agent-${version}-macos`);
      const scratch = join(work, 'mac-root');
      expect(run('sh', [join(folder, 'install.sh')], { PATH: '/usr/bin:/bin', SDP_AGENT_ROOT: scratch })).toMatchObject({ code: 0 });
      const installed = readFileSync(join(scratch, 'usr/local/sdp-agent/sdp-agent'));
      expect(sha256Of(installed)).toBe(sha256Of(readFileSync(join(executables, 'sdp-agent-darwin-x64'))));
      expect(installed.includes(SEA_FUSE_SET)).toBe(true);
      expect(statSync(join(scratch, 'usr/local/sdp-agent/sdp-agent')).mode & 0o777).toBe(0o755);
      expect(statSync(join(scratch, 'Library/Application Support/sdp-agent/agent.env')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(scratch, 'Library/LaunchDaemons/org.sdp.agent.plist'), 'utf8')).toContain('<key>RunAtLoad</key>');
      writeFileSync(join(scratch, 'Library/Application Support/sdp-agent/identity.json'), '{}');
      expect(run('sh', [join(folder, 'uninstall.sh')], { PATH: '/usr/bin:/bin', SDP_AGENT_ROOT: scratch })).toMatchObject({ code: 0 });
      expect(existsSync(join(scratch, 'usr/local/sdp-agent'))).toBe(false);
      expect(existsSync(join(scratch, 'Library/Application Support/sdp-agent/identity.json'))).toBe(true);
      expect(run('sh', [join(folder, 'uninstall.sh'), '--purge'], { PATH: '/usr/bin:/bin', SDP_AGENT_ROOT: scratch })).toMatchObject({ code: 0 });
      expect(existsSync(join(scratch, 'Library/Application Support/sdp-agent'))).toBe(false);
    });
  });

  it('refuses an executable that is not the one its build listed', async () => {
    const tampered = join(work, 'tampered');
    mkdirSync(tampered);
    writeFileSync(join(tampered, 'sdp-agent-linux-x64'), 'changed after the build');
    writeFileSync(join(tampered, 'manifest.json'), JSON.stringify({ agentVersion: version, executables: [{ file: 'sdp-agent-linux-x64', sha256: '0'.repeat(64) }] }));
    const result = await sdp(['agent', 'package', '--type', 'deb', '--enroll-secret', 's', '--executables', tampered, '--output', join(work, 'refused')]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `sdp: ${join(tampered, 'sdp-agent-linux-x64')} does not match the SHA-256 in ${join(tampered, 'manifest.json')}: rebuild it (build them with \`npm run agent:executables\` in the repository (or pass --executables DIR))\n`,
    });
    expect(existsSync(join(work, 'refused'))).toBe(false);
  });

  it.each([
    [['--type', 'msi', '--enroll-secret', 's'], 2, 'sdp: --type must be one of deb, rpm, windows, macos, not "msi"'],
    [['--type', 'deb'], 2, 'sdp: --enroll-secret (or SDP_AGENT_ENROLL_SECRET) is required: create one with sdp enrollment create NAME'],
    [['--type', 'deb', '--enroll-secret', 's', '--targeting-url', 'ftp://sdp.example.com'], 2, 'sdp: the targeting URL "ftp://sdp.example.com" is not an http(s) URL'],
    [['--type', 'deb', '--enroll-secret', 's', '--advertisement-url', 'not a url'], 2, 'sdp: the advertisement URL "not a url" is not an http(s) URL'],
    [['--type', 'windows', '--enroll-secret', 's', '--arch', 'arm64'], 2, 'sdp: --type windows is built for x64 only, not arm64'],
    [['--type', 'deb', '--enroll-secret', 's', '--executables', '/nonexistent/exe'], 1, 'sdp: no agent executables in /nonexistent/exe (/nonexistent/exe/manifest.json is missing): build them with `npm run agent:executables` in the repository (or pass --executables DIR)'],
  ])('refuses %j with exit %i and one line', async (args, code, line) => {
    const result = await sdp(['agent', 'package', ...args, '--output', join(work, 'refused')]);
    expect(result).toEqual({ code, stdout: '', stderr: `${line}\n` });
    expect(existsSync(join(work, 'refused'))).toBe(false);
  });
});
