import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registeredClient, zipOf } from '@sdp/testing';
import { freePort, RunningSystem, startSystem } from '../system';
import { runSdp, SdpRun, sdpEnvironment } from './run-sdp';

describe('the sdp command line against the running system', () => {
  let system: RunningSystem;
  let env: NodeJS.ProcessEnv;
  let folder: string;
  let folderBytes = 0;
  let folderFiles: string[] = [];
  const runs: SdpRun[] = [];

  const sdp = async (...args: string[]): Promise<SdpRun> => {
    const run = await runSdp(args, env);
    runs.push(run);
    return run;
  };
  /** A command that must succeed; its --json output parsed. */
  const sdpJson = async <T>(...args: string[]): Promise<T> => {
    const run = await sdp(...args, '--json');
    if (run.code !== 0) throw new Error(`sdp ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  };

  /** Registers a Linux client as its agent would; its ID. */
  const registerClient = async (name: string, department: string): Promise<string> => {
    const { clientId } = await registeredClient(system.urls.targeting, {
      enrollmentSecret: system.enrollmentSecret,
      name: `${system.runId}-${name}`,
      hardwareId: `${system.runId}-hw-${name}`,
      os: { name: 'linux', version: '6.8', arch: 'x64' },
      ipAddresses: ['10.1.2.3'],
      inventory: { department },
    });
    return clientId;
  };

  beforeAll(async () => {
    // e2e/src/global-setup.ts has built dist/apps/cli with the services.
    system = await startSystem();
    env = sdpEnvironment(system);
    folder = mkdtempSync(join(tmpdir(), 'sdp-cli-e2e-'));
    mkdirSync(join(folder, 'bin'));
    mkdirSync(join(folder, 'data', 'empty'), { recursive: true });
    const files: [string, Buffer][] = [
      ['bin/setup.sh', Buffer.from('#!/bin/sh\necho installed\n')],
      ['data/payload.bin', randomBytes(256 * 1024)],
      ['README.txt', Buffer.from('CLI e2e package\n')],
    ];
    for (const [path, content] of files) {
      writeFileSync(join(folder, path), content);
      folderBytes += content.length;
    }
    folderFiles = files.map(([path]) => path);
    chmodSync(join(folder, 'bin', 'setup.sh'), 0o755);
  });

  afterAll(async () => {
    await system?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('runs the flow of api.md: package, upload, program, DPs, distribution, collection, advertisement', async () => {
    const pkg = await sdpJson<{ id: string; sourceVersion: number }>('package', 'create', '--name', `CLI e2e ${system.runId}`, '--version', '1.0', '--priority', 'high');
    expect(pkg.id).toMatch(new RegExp(`^${system.siteCode}[0-9A-F]{5}$`));
    expect(pkg.sourceVersion).toBe(0);

    const upload = await sdp('package', 'upload', pkg.id, folder, '--json');
    expect(upload.code).toBe(0);
    expect(JSON.parse(upload.stdout)).toMatchObject({ packageId: pkg.id, version: 1, fileCount: 3, sizeBytes: folderBytes });
    // Not a terminal: no bar, one plain final line with bytes and rate.
    expect(upload.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^uploaded [\d.]+ KiB in .+ \([\d.]+ \w*B\/s\)$/)]);

    const manifest = (await (
      await fetch(`${system.urls.catalog}/api/v1/packages/${pkg.id}/source-versions/1`, { headers: { authorization: `Bearer ${system.adminToken}` } })
    ).json()) as { files: { path: string; mode: number }[] };
    expect(manifest.files.map((file) => file.path).sort()).toEqual(['README.txt', 'bin/setup.sh', 'data/payload.bin']);
    expect(manifest.files.find((file) => file.path === 'bin/setup.sh')).toMatchObject({ mode: expect.any(Number) });
    expect((manifest.files.find((file) => file.path === 'bin/setup.sh')?.mode ?? 0) & 0o777).toBe(0o755);

    const program = await sdpJson<{ name: string; platforms: unknown; maxRunTimeMinutes: number; runAs: string }>(
      'program', 'add', pkg.id, '--name', 'Install', '--command', 'sh bin/setup.sh',
      '--platform', 'linux/x64', '--platform', 'windows/x64>=10.0', '--max-run-time', '30', '--run-as', 'admin',
    );
    expect(program).toMatchObject({
      name: 'Install',
      maxRunTimeMinutes: 30,
      runAs: 'admin',
      platforms: [{ os: 'linux', arch: 'x64' }, { os: 'windows', arch: 'x64', minVersion: '10.0' }],
    });

    const dpNames = [`${system.runId}-dp1`, `${system.runId}-dp2`];
    for (const [index, name] of dpNames.entries()) {
      const added = await sdp('dp', 'add', name, '--endpoint', system.dpEndpoints[index], '--bucket', name,
        '--access-key', system.s3.accessKey, '--secret-key', system.s3.secretKey, '--site', system.siteCode, '--boundary', `10.${index + 1}.0.0/16`);
      expect(added.code).toBe(0);
      expect(added.stdout).toContain(name);
      expect(added.stdout).not.toContain(system.s3.secretKey);
    }
    const dpList = await sdp('dp', 'list');
    expect(dpList.stdout.split('\n')[0]).toMatch(/^NAME\s+ENDPOINT\s+BUCKET\s+SITE/);
    expect(dpList.stdout).toContain(dpNames[1]);

    const distributed = await sdp('package', 'distribute', pkg.id, '--dp', dpNames[0], '--dp', dpNames[1]);
    expect(distributed.code).toBe(0);

    const watched = await sdp('package', 'status', pkg.id, '--watch', '--until', 'installed', '--timeout', '60');
    expect({ code: watched.code, stderr: watched.stderr }).toEqual({ code: 0, stderr: '' });
    const lastBlock = watched.stdout.trim().split('\n\n').pop()!;
    for (const name of dpNames) {
      expect(lastBlock).toMatch(new RegExp(`^${name}\\s+INSTALLED\\s+1/1\\s+\\[#{16}\\] 100%`, 'm'));
    }
    const status = await sdpJson<{ items: { state: string; installedVersion: number }[] }>('package', 'status', pkg.id);
    expect(status.items).toEqual([
      expect.objectContaining({ state: 'INSTALLED', installedVersion: 1 }),
      expect.objectContaining({ state: 'INSTALLED', installedVersion: 1 }),
    ]);
    // The same, seen from one DP.
    const onDp = await sdp('dp', 'packages', dpNames[0]);
    expect(onDp.stdout).toMatch(new RegExp(`^PACKAGE\\s+STATE\\s+VERSION[^\\n]*\\n${pkg.id}\\s+INSTALLED\\s+1/1\\s+\\[#{16}\\] 100%`));
    expect(await sdpJson('dp', 'packages', dpNames[0])).toEqual({ items: [expect.objectContaining({ packageId: pkg.id, distributionPoint: dpNames[0], state: 'INSTALLED' })] });

    const clientId = await registerClient('linux', 'Finance');
    const clients = await sdpJson<{ items: { id: string }[] }>('client', 'list', '--query', "inventory.department = 'Finance'");
    expect(clients.items.map((client) => client.id)).toEqual([clientId]);

    const collection = await sdpJson<{ id: string; rules: unknown[]; limitingCollectionId: string }>(
      'collection', 'create', '--name', `Linux finance ${system.runId}`, '--query', "os.name = 'linux' AND inventory.department = 'Finance'",
    );
    expect(collection).toMatchObject({
      limitingCollectionId: 'SMS00001',
      rules: [{ type: 'query', name: 'query', expression: "os.name = 'linux' AND inventory.department = 'Finance'" }],
    });
    const members = await sdpJson<{ items: { id: string }[] }>('collection', 'members', collection.id);
    expect(members.items.map((member) => member.id)).toEqual([clientId]);
    const explain = await sdp('collection', 'explain', collection.id, '--client', clientId);
    expect(explain.stdout).toMatch(/^Member\s+yes$/m);

    // The advertisement service learns of the package, program and collection from events; sdp
    // sends the Sdp-Consistency tokens of the writes above, so it waits for them and the first try works.
    const advertised = await sdp(
      'advertise', '--name', `Install ${system.runId}`, '--package', pkg.id, '--program', 'Install', '--collection', collection.id,
      '--mandatory', 'asap', '--rerun', 'if-failed', '--slow-network', 'download', '--json',
    );
    expect({ code: advertised.code, stderr: advertised.stderr }).toEqual({ code: 0, stderr: '' });
    const advertisement = JSON.parse(advertised.stdout) as { id: string; mandatory: unknown; rerun: string; packageId: string };
    expect(advertisement).toMatchObject({ packageId: pkg.id, mandatory: [{ type: 'asap' }], rerun: 'if-failed' });

    // The advertisement service learns the membership from targeting's events.
    let adStatus: { advertisementId: string; summary: { targeted: number; notReported: number }; items: unknown[] } | undefined;
    const deadline = Date.now() + 30_000;
    do {
      adStatus = await sdpJson('advertisement', 'status', advertisement.id);
      if (adStatus!.summary.targeted === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } while (Date.now() < deadline);
    expect(adStatus).toMatchObject({ advertisementId: advertisement.id, summary: { targeted: 1, notReported: 1 } });
    const humanStatus = await sdp('advertisement', 'status', advertisement.id);
    expect(humanStatus.stdout).toMatch(/^Targeted\s+1$/m);

    // Without --until a watch just ends at --timeout; with an unreached --until that is exit 3.
    const briefWatch = await sdp('advertisement', 'status', advertisement.id, '--watch', '--timeout', '2');
    expect(briefWatch.code).toBe(0);
    expect(briefWatch.stdout.match(/^Targeted\s+1$/gm)).toHaveLength(1);
    const gaveUp = await sdp('advertisement', 'status', advertisement.id, '--watch', '--until', 'succeeded', '--timeout', '2');
    expect({ code: gaveUp.code, stderr: gaveUp.stderr }).toEqual({ code: 3, stderr: 'sdp: gave up after 2 s: not succeeded yet\n' });

    // Nobody failed yet: "retry failed" retries nobody, and a client that did not fail (named by its name) is refused.
    const retried = await sdp('advertisement', 'retry-failed', advertisement.id);
    expect({ code: retried.code, stdout: retried.stdout }).toEqual({ code: 0, stdout: `0 failed clients will run advertisement ${advertisement.id} again\n` });
    const notFailed = await sdp('advertisement', 'retry-failed', advertisement.id, '--client', `${system.runId}-linux`);
    expect(notFailed.code).toBe(1);
    expect(notFailed.stderr).toContain('has no failed run');
    const unknownClient = await sdp('advertisement', 'retry-failed', advertisement.id, '--client', '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f');
    expect(unknownClient).toEqual({ code: 1, stdout: '', stderr: 'sdp: 404 Not Found: client 0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f not found\n' });
    const bothScopes = await sdp('advertisement', 'retry-failed', advertisement.id, '--client', '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f', '--phase', '1');
    expect({ code: bothScopes.code, stderr: bothScopes.stderr }).toEqual({ code: 2, stderr: 'sdp: give --client or --phase, not both\n' });
    const noPhases = await sdp('advertisement', 'retry-failed', advertisement.id, '--phase', '1');
    expect(noPhases.code).toBe(1);
    expect(noPhases.stderr).toContain('has no phases');

    const listed = await sdpJson<{ items: { id: string }[] }>('package', 'list');
    expect(listed.items.map((item) => item.id)).toContain(pkg.id);
    const table = await sdp('package', 'list');
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+VERSION\s+MANUFACTURER\s+PRIORITY\s+SOURCE\s+FILES\s+SIZE$/);
    expect(rows.find((row) => row.startsWith(pkg.id))).toMatch(/\bhigh\s+v1\s+3\s+256\.\d KiB$/);

    const refused = await sdp('package', 'delete', pkg.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^sdp: 409 Conflict: .+\n$/);
  });

  it('updates a collection: a new name keeps the rules, a rule option replaces them all', async () => {
    const auditor = await registerClient('auditor', `Audit ${system.runId}`);
    const lawyer = await registerClient('lawyer', `Legal ${system.runId}`);
    const query = `inventory.department = 'Audit ${system.runId}'`;
    const collection = await sdpJson<{ id: string }>('collection', 'create', '--name', `Audit ${system.runId}`, '--query', query);
    const memberIds = async () => (await sdpJson<{ items: { id: string }[] }>('collection', 'members', collection.id)).items.map((member) => member.id);
    expect(await memberIds()).toEqual([auditor]);

    // Like collection show: a table by default.
    const renamed = await sdp('collection', 'update', collection.id.toLowerCase(), '--name', `Audit desks ${system.runId}`);
    expect({ code: renamed.code, stderr: renamed.stderr }).toEqual({ code: 0, stderr: '' });
    expect(renamed.stdout).toMatch(new RegExp(`^ID\\s+${collection.id}$`, 'm'));
    expect(renamed.stdout).toMatch(new RegExp(`^Name\\s+Audit desks ${system.runId}$`, 'm'));
    expect(renamed.stdout).toContain(`Rules\n  query "query": ${query}\n`);
    expect(await memberIds()).toEqual([auditor]);

    const replaced = await sdpJson<{ name: string; rules: unknown[] }>('collection', 'update', collection.id, '--client', lawyer);
    expect(replaced).toMatchObject({ name: `Audit desks ${system.runId}`, rules: [{ type: 'direct', clientId: lawyer }] });
    const shown = await sdp('collection', 'show', collection.id);
    expect(shown.stdout).toContain(`Rules\n  client ${system.runId}-lawyer (${lawyer})\n\nMaintenance windows`);
    expect(await memberIds()).toEqual([lawyer]);

    const nothing = await sdp('collection', 'update', collection.id);
    expect(nothing).toEqual({ code: 2, stdout: '', stderr: 'sdp: nothing to change; see sdp collection update --help\n' });
  });

  it('shows one maintenance window, and fails with one line for one that is not there', async () => {
    const collection = await sdpJson<{ id: string }>('collection', 'create', '--name', `Windows ${system.runId}`, '--query', "os.name = 'windows'");
    const added = await sdpJson<{ id: string }>(
      'maintenance-window', 'add', collection.id, '--name', 'Nights', '--start', '2026-03-02T22:00:00Z', '--duration', '240', '--recurrence', 'weekly:mon,fri',
    );
    expect(await sdpJson('maintenance-window', 'show', collection.id, added.id)).toEqual(added);
    const table = await sdp('maintenance-window', 'show', collection.id, added.id);
    expect(table.code).toBe(0);
    const [header, row, ...rest] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+START\s+MINUTES\s+RECURRENCE$/);
    expect(row).toMatch(new RegExp(`^${added.id}\\s+Nights\\s+2026-03-02T22:00:00\\S*\\s+240\\s+weekly on monday, friday$`));
    expect(rest).toEqual([]);

    const missing = randomUUID();
    const notThere = await sdp('maintenance-window', 'show', collection.id, missing);
    expect(notThere).toEqual({ code: 1, stdout: '', stderr: `sdp: 404 Not Found: maintenance window ${missing} not found on collection ${collection.id}\n` });
  });

  it('imports a package definition file and reads settings from a profile', async () => {
    const definition = join(folder, '..', `${system.runId}.sms`);
    writeFileSync(definition, ['[PDF]', 'Version=2.0', '[Package Definition]', `Name=Imported ${system.runId}`, 'Publisher=Contoso', 'Programs=Install', '[Install]', 'CommandLine=setup.exe /q', ''].join('\n'));
    const configFile = join(folder, '..', `${system.runId}-config.json`);
    writeFileSync(
      configFile,
      JSON.stringify({
        profiles: { e2e: { catalogUrl: system.urls.catalog, replicationUrl: system.urls.replication, targetingUrl: system.urls.targeting, advertisementUrl: system.urls.advertisement } },
      }),
    );
    try {
      const run = await runSdp(['package', 'import-definition', definition, '--profile', 'e2e', '--json'], { SDP_CONFIG: configFile, SDP_TOKEN: system.adminToken });
      runs.push(run);
      expect(run.code).toBe(0);
      const imported = JSON.parse(run.stdout) as { package: { id: string; manufacturer: string }; programs: { name: string; commandLine: string }[] };
      expect(imported.package.manufacturer).toBe('Contoso');
      expect(imported.programs).toEqual([expect.objectContaining({ name: 'Install', commandLine: 'setup.exe /q' })]);
      const shown = await sdp('package', 'show', imported.package.id);
      expect(shown.stdout).toMatch(/^Install\s+setup\.exe \/q\s+any\s+120\s+admin/m);
    } finally {
      rmSync(definition, { force: true });
      rmSync(configFile, { force: true });
    }
  });

  it('uploads the folder as a .tar.gz and as a .zip file, sent as they are, and gets the manifest the folder gives', async () => {
    const pkg = await sdpJson<{ id: string }>('package', 'create', '--name', `CLI archives ${system.runId}`);
    const filesOf = async (version: number): Promise<unknown> => {
      const response = await fetch(`${system.urls.catalog}/api/v1/packages/${pkg.id}/source-versions/${version}`, { headers: { authorization: `Bearer ${system.adminToken}` } });
      return ((await response.json()) as { files: unknown }).files;
    };
    const archives = mkdtempSync(join(tmpdir(), 'sdp-cli-archives-'));
    try {
      const tgz = join(archives, 'source.tgz');
      execFileSync('tar', ['-czf', tgz, '-C', folder, '.']);
      // Made on unix: each file's mode as the folder has it, in the external attributes.
      const zip = join(archives, 'source.zip');
      writeFileSync(zip, zipOf(folderFiles.map((path) => ({ name: path, content: readFileSync(join(folder, path)), mode: statSync(join(folder, path)).mode & 0o777 }))));
      const notAnArchive = join(archives, 'notes.txt');
      writeFileSync(notAnArchive, 'just some notes, long enough to be looked at as an archive and refused\n'.repeat(10));

      for (const [source, version] of [[folder, 1], [tgz, 2], [zip, 3]] as const) {
        const run = await sdp('package', 'upload', pkg.id, source, '--json');
        expect({ source, code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ source, code: 0, stderr: '' });
        expect(JSON.parse(run.stdout)).toMatchObject({ packageId: pkg.id, version, fileCount: 3, sizeBytes: folderBytes });
      }
      const fromFolder = await filesOf(1);
      expect(fromFolder).toContainEqual(expect.objectContaining({ path: 'bin/setup.sh', mode: 0o755 }));
      expect(await filesOf(2)).toEqual(fromFolder);
      expect(await filesOf(3)).toEqual(fromFolder);

      const refused = await sdp('package', 'upload', pkg.id, notAnArchive);
      expect(refused).toMatchObject({ code: 1, stderr: `sdp: ${notAnArchive} is neither a folder nor a tar, tar.gz or zip archive\n` });
    } finally {
      rmSync(archives, { recursive: true, force: true });
    }
  });

  it('fails with one line and exit 1 for an unknown package', async () => {
    const run = await sdp('package', 'show', `${system.siteCode}FFFFF`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^sdp: 404 Not Found: .+\n$/);
  });

  it('fails with a usage error (exit 2) for a bad flag or a missing argument', async () => {
    const badFlag = await sdp('package', 'create', '--name', 'x', '--colour', 'red');
    expect(badFlag).toEqual({ code: 2, stdout: '', stderr: 'sdp: unknown option --colour; see sdp package create --help\n' });
    const missing = await sdp('package', 'upload', 'S0100001');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('sdp: package upload: missing FOLDER_OR_ARCHIVE; usage: sdp package upload ID FOLDER_OR_ARCHIVE\n');
  });

  it('names the service it cannot reach', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runSdp(['dp', 'list'], { ...env, SDP_REPLICATION_URL: url });
    runs.push(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`sdp: cannot reach the content-replication service at ${url} (connection refused); set --replication-url or SDP_REPLICATION_URL\n`);
  });

  it('refuses to upload a folder holding a symbolic link, before sending anything', async () => {
    const pkg = await sdpJson<{ id: string }>('package', 'create', '--name', `CLI link ${system.runId}`);
    const linked = mkdtempSync(join(tmpdir(), 'sdp-cli-link-'));
    try {
      writeFileSync(join(linked, 'real.txt'), 'real');
      symlinkSync(join(linked, 'real.txt'), join(linked, 'alias.txt'));
      const run = await sdp('package', 'upload', pkg.id, linked);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`sdp: ${join(linked, 'alias.txt')} is a symbolic link; a package holds regular files and folders only (copy the target instead)\n`);
      expect((await sdpJson<{ sourceVersion: number }>('package', 'show', pkg.id)).sourceVersion).toBe(0);
    } finally {
      rmSync(linked, { recursive: true, force: true });
    }
  });

  it('tells the role of the token in use (sdp whoami)', async () => {
    expect(await sdpJson('whoami')).toEqual({ kind: 'admin', role: 'admin', name: 'dev-admin' });
    expect(await sdp('whoami')).toEqual({ code: 0, stdout: 'Role  admin\nName  dev-admin\n', stderr: '' });
    const refused = await runSdp(['whoami'], { ...env, SDP_TOKEN: 'not-a-token' });
    expect(refused).toEqual({ code: 1, stdout: '', stderr: 'sdp: 401 Unauthorized: Invalid or expired token\n' });
  });

  it('takes a computer by its name: client show NAME, an ambiguous name refused with the candidates, a direct rule by name', async () => {
    const linux = { name: 'linux', version: '6.8', arch: 'x64' };
    const register = (name: string, hardware: string, os: Record<string, string>, inventory: Record<string, unknown>) =>
      registeredClient(system.urls.targeting, { enrollmentSecret: system.enrollmentSecret, name, hardwareId: `${system.runId}-hw-${hardware}`, os, ipAddresses: ['10.1.7.7'], inventory });
    const desk = `${system.runId}-Desk-7`;
    const { clientId: deskId } = await register(desk, 'desk-7', linux, {
      cpus: { count: 4, model: 'Xeon' },
      memoryBytes: 8 * 1024 ** 3,
      software: [{ name: 'curl', version: '8.5.0', publisher: 'Ubuntu', source: 'dpkg' }],
      department: 'Names',
      asset: { tag: 'A-7' },
    });
    const twin = `${system.runId}-twin`;
    const first = await register(twin, 'twin-1', linux, {});
    const second = await register(twin.toUpperCase(), 'twin-2', { name: 'windows', version: '10.0.19045', arch: 'x64' }, {});

    // A direct rule by name (any case), shown with the name first.
    const collection = await sdpJson<{ id: string; rules: unknown[] }>('collection', 'create', '--name', `Names ${system.runId}`, '--client', desk.toLowerCase());
    expect(collection.rules).toEqual([{ type: 'direct', clientId: deskId }]);
    expect((await sdp('collection', 'show', collection.id)).stdout).toContain(`Rules\n  client ${desk} (${deskId})\n`);
    const explained = await sdp('collection', 'explain', collection.id, '--client', desk);
    expect(explained.stdout).toMatch(new RegExp(`^Client\\s+${desk} \\(${deskId}\\)$`, 'm'));
    expect(explained.stdout).toMatch(/^Member\s+yes$/m);

    // sdp client show NAME: properties, inventory in sections, collections with the rule, advertisements.
    const shown = await sdp('client', 'show', desk.toUpperCase());
    expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 0, stderr: '' });
    expect(shown.stdout.split('\n')[0]).toMatch(new RegExp(`^Name\\s+${desk}$`));
    expect(shown.stdout).toMatch(new RegExp(`^ID\\s+${deskId}$`, 'm'));
    expect(shown.stdout).toMatch(/^Hardware\n {2}CPUs\s+4 × Xeon\n {2}Memory\s+8(\.0)? GiB$/m);
    expect(shown.stdout).toMatch(/^Installed software \(1\)\n {2}NAME\s+VERSION\s+PUBLISHER\s+SOURCE\n {2}curl\s+8\.5\.0\s+Ubuntu\s+dpkg$/m);
    expect(shown.stdout).toMatch(/^Other inventory\n {2}asset\.tag\s+A-7\n {2}department\s+Names$/m);
    expect(shown.stdout).toMatch(new RegExp(`^ {2}Names ${system.runId}\\s+${collection.id}\\s+direct\\s+direct: ${desk}$`, 'm'));
    expect(shown.stdout).toMatch(/^ {2}All Linux Systems\s+SMS00003\s+query\s+query "All Linux Systems": os\.name = 'linux'$/m);
    type Document = {
      client: { id: string };
      collections: { collectionId: string; rules: unknown[] }[];
      advertisements: { advertisementId: string; advertisementName: string; applies: boolean; reason: string | null; state: string | null }[] | null;
    };
    const document = await sdpJson<Document>('client', 'show', deskId);
    expect(document.client.id).toBe(deskId);
    expect(document.collections).toContainEqual({ collectionId: collection.id, collectionName: `Names ${system.runId}`, rules: [{ kind: 'direct', description: `direct: ${desk}` }] });
    // Every advertisement of the system, applying or not: the first test's targets another collection.
    const advertisements = (await sdpJson<{ items: { id: string; name: string }[] }>('advertisement', 'list')).items;
    expect(advertisements.length).toBeGreaterThan(0);
    let known: Document['advertisements'] = null;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && known === null; ) {
      known = (await sdpJson<Document>('client', 'show', desk)).advertisements;
      if (known === null) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(known?.map((entry) => entry.advertisementId).sort()).toEqual(advertisements.map((advertisement) => advertisement.id).sort());
    expect(known?.find((entry) => entry.advertisementId === advertisements[0].id)).toMatchObject({ applies: false, reason: expect.any(String), state: null });
    const withAdvertisements = await sdp('client', 'show', desk);
    expect(withAdvertisements.stdout).toMatch(new RegExp(`^Advertisements\\n {2}NAME\\s+ID\\s+PACKAGE\\s+PROGRAM\\s+APPLIES\\s+STATE`, 'm'));
    expect(withAdvertisements.stdout).toMatch(new RegExp(`^ {2}${advertisements[0].name}\\s+${advertisements[0].id}\\s+.+\\s+no: \\S`, 'm'));

    // Two computers of one name: refused (exit 1) with both listed, and nothing changed.
    for (const args of [['client', 'show', twin], ['collection', 'add-member', collection.id, twin]]) {
      const refused = await sdp(...args);
      expect({ args, code: refused.code, stdout: refused.stdout }).toEqual({ args, code: 1, stdout: '' });
      const lines = refused.stderr.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+ID\s+OS\s+SITE\s+LAST SEEN$/);
      // The most recently seen first.
      expect(lines.slice(1, 3)).toEqual([
        expect.stringMatching(new RegExp(`^${twin.toUpperCase()}\\s+${second.clientId}\\s+windows 10\\.0\\.19045 x64\\s+${system.siteCode}\\s+\\S+$`)),
        expect.stringMatching(new RegExp(`^${twin}\\s+${first.clientId}\\s+linux 6\\.8 x64\\s+${system.siteCode}\\s+\\S+$`)),
      ]);
      expect(lines[3]).toBe(`sdp: 2 computers are named "${twin}" (listed above): give the ID of the one you mean`);
    }
    expect((await sdpJson<{ rules: unknown[] }>('collection', 'show', collection.id)).rules).toEqual([{ type: 'direct', clientId: deskId }]);
    // By ID each one is found, and is then added by its ID.
    expect((await sdp('client', 'show', second.clientId)).stdout.split('\n')[0]).toMatch(new RegExp(`^Name\\s+${twin.toUpperCase()}$`));
    const added = await sdpJson<{ rules: unknown[] }>('collection', 'add-member', collection.id, first.clientId, desk);
    expect(added.rules).toEqual([{ type: 'direct', clientId: deskId }, { type: 'direct', clientId: first.clientId }]);
    const unknown = await sdp('client', 'show', `${system.runId}-nobody`);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: `sdp: 404 Not Found: no client is named "${system.runId}-nobody"\n` });

    // The list by name, OS and collection, sorted, paged.
    const twins = await sdpJson<{ items: { id: string }[] }>('client', 'list', '--name', twin.toUpperCase(), '--sort', 'os', '--desc');
    expect(twins.items.map((item) => item.id)).toEqual([second.clientId, first.clientId]);
    const members = await sdpJson<{ items: { id: string }[] }>('client', 'list', '--collection', collection.id.toLowerCase(), '--os', 'linux', '--sort', 'name');
    expect(members.items.map((item) => item.id)).toEqual([deskId, first.clientId]);
    const paged = await sdp('client', 'list', '--name', system.runId, '--sort', 'name', '--limit', '1');
    const [header, row, , more] = paged.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+ID\s+OS\s+SITE/);
    expect(row).toMatch(new RegExp(`^${system.runId}-\\S+\\s+[0-9a-f-]{36}\\s`));
    const cursor = /^more: the same command with --cursor (\S+)$/.exec(more)?.[1];
    expect(cursor).toBeDefined();
    const rest = await sdpJson<{ items: { name: string }[]; nextCursor: null }>('client', 'list', '--name', system.runId, '--sort', 'name', '--cursor', cursor!);
    expect(rest.nextCursor).toBeNull();
    expect(rest.items.map((item) => item.name.toLowerCase())).toEqual(rest.items.map((item) => item.name.toLowerCase()).sort());
    expect(rest.items.map((item) => item.name)).not.toContain(row.split(/\s+/)[0]);
    const badSort = await sdp('client', 'list', '--sort', 'colour');
    expect(badSort).toEqual({ code: 2, stdout: '', stderr: 'sdp: --sort must be one of name, os, site, last-seen, registered, not "colour"\n' });
  });

  it('never prints the admin token', () => {
    expect(runs.length).toBeGreaterThan(10);
    for (const run of runs) {
      expect(run.stdout).not.toContain(system.adminToken);
      expect(run.stderr).not.toContain(system.adminToken);
    }
  });
});
