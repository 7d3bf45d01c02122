import type { ClientAdvertisementEntry, ClientData } from '@sdp/contracts';
import { renderTable } from '../output/table';
import { CLIENT_COLUMNS, clientDocumentView, customFields, installedSoftware, inventoryView } from './client-views';

const client: ClientData = {
  id: '0190c6a3-7f1e-7000-8000-000000000001',
  name: 'ws-0042',
  hardwareId: 'HW-42',
  domain: 'corp.example.com',
  os: { name: 'linux', version: '6.8.0', arch: 'x64' },
  siteCode: 'S01',
  ipAddresses: ['10.1.4.42', '10.9.0.1'],
  inventory: {
    agentVersion: '1.4.0',
    memoryBytes: 17179869184,
    cpus: { count: 8, model: 'Xeon' },
    osRelease: '6.8.0-45-generic',
    osDescription: '#45-Ubuntu SMP',
    disks: [{ path: '/', totalBytes: 107374182400, freeBytes: 53687091200 }],
    loggedOnUsers: ['alice'],
    software: [
      { name: 'curl', version: '8.5.0', publisher: 'Ubuntu', source: 'dpkg' },
      { name: 'git', version: null, publisher: null, source: 'dpkg' },
    ],
    department: 'Finance',
    asset: { tag: 'A-17', owner: { team: 'ops' } },
  },
  approved: true,
  blocked: false,
  keyGeneration: 2,
  conflictsWith: null,
  registeredAt: '2026-03-01T08:00:00.000Z',
  lastSeenAt: '2026-03-02T08:00:00.000Z',
  updatedAt: '2026-03-02T08:00:00.000Z',
} as ClientData;

const advertisement = (overrides: Partial<ClientAdvertisementEntry>): ClientAdvertisementEntry => ({
  advertisementId: 'S0100001',
  advertisementName: 'Demo Tool',
  packageId: 'S0100002',
  packageName: 'Demo',
  programName: 'Install',
  applies: true,
  reason: null,
  state: 'SUCCEEDED',
  messageId: 10009,
  messageText: 'Program completed successfully',
  packageVersion: 3,
  lastReportAt: '2026-03-02T07:00:00.000Z',
  lastFailure: null,
  ...overrides,
});

describe('client views', () => {
  it('shows the name first in every client table', () => {
    expect(renderTable(CLIENT_COLUMNS, [client]).split('\n')[0]).toMatch(/^NAME\s+ID\s+OS\s+SITE/);
    expect(renderTable(CLIENT_COLUMNS, [client]).split('\n')[1]).toMatch(/^ws-0042\s+0190c6a3/);
  });

  it('shows the inventory as sections: hardware, operating system, network, software, other fields', () => {
    const view = inventoryView(client);
    expect(view).toMatch(/^Hardware\n {2}CPUs\s+8 × Xeon\n {2}Memory\s+16(\.0)? GiB\n {2}Disk \/\s+50(\.0)? GiB free of 100(\.0)? GiB$/m);
    expect(view).toMatch(/Operating system\n {2}OS\s+linux 6.8.0 x64\n {2}Description\s+#45-Ubuntu SMP\n {2}Release\s+6.8.0-45-generic\n {2}Agent version\s+1.4.0\n {2}Logged-on users\s+alice/);
    expect(view).toMatch(/Network\n {2}Domain\s+corp.example.com\n {2}Addresses\s+10.1.4.42, 10.9.0.1/);
    expect(view).toMatch(/Installed software \(2\)\n {2}NAME\s+VERSION\s+PUBLISHER\s+SOURCE\n {2}curl\s+8.5.0\s+Ubuntu\s+dpkg\n {2}git\s+-\s+-\s+dpkg/);
    expect(view).toMatch(/Other inventory\n {2}asset.owner.team\s+ops\n {2}asset.tag\s+A-17\n {2}department\s+Finance$/);
    expect(view).not.toContain('{');
  });

  it('says what the agent did not report, and keeps a software field of another shape as a custom field', () => {
    const bare = { ...client, inventory: { software: 'n/a' } } as ClientData;
    expect(installedSoftware(bare.inventory)).toBeNull();
    const view = inventoryView(bare);
    expect(view).toMatch(/^Hardware\n {2}not reported/);
    expect(view).toMatch(/Installed software\n {2}not reported/);
    expect(view).toMatch(/Other inventory\n {2}software\s+n\/a/);
    expect(customFields({ empty: {}, list: [1, { a: 2 }], nothing: null }, new Set())).toEqual([
      ['empty', ''],
      ['list', '1, a: 2'],
      ['nothing', '-'],
    ]);
  });

  it('shows the collections with their rules and every advertisement with state, reason and last failure output', () => {
    const view = clientDocumentView({
      client,
      collections: [
        { collectionId: 'SMS00001', collectionName: 'All Systems', rules: [{ kind: 'query', description: 'query "All Systems": name IS NOT NULL' }] },
        {
          collectionId: 'S0100004',
          collectionName: 'Pilot',
          rules: [
            { kind: 'direct', description: 'direct: ws-0042' },
            { kind: 'include', description: 'include: Linux (S0100003)' },
          ],
        },
      ],
      advertisements: [
        advertisement({}),
        advertisement({
          advertisementId: 'S0100005',
          advertisementName: 'Office',
          applies: true,
          state: 'FAILED',
          messageId: 10006,
          messageText: 'Program failed',
          lastFailure: {
            at: '2026-03-02T06:00:00.000Z',
            state: 'FAILED',
            messageId: 10006,
            messageText: 'Program failed',
            exitCode: 3,
            detail: 'exit code 3',
            packageVersion: 2,
            output: { stdout: Array.from({ length: 12 }, (_, index) => `line ${index + 1}`).join('\n'), stderr: 'disk full\n', truncated: true },
          },
        }),
        advertisement({ advertisementId: 'S0100006', advertisementName: 'Mac only', applies: false, reason: 'no program platform matches linux 6.8.0 x64', state: null, messageId: null, messageText: null, packageVersion: null, lastReportAt: null }),
        advertisement({ advertisementId: 'S0100007', advertisementName: 'Orphan', packageName: null }),
      ],
      advertisementsUnavailable: null,
    });
    expect(view.split('\n')[0]).toMatch(/^Name\s+ws-0042$/);
    expect(view).toMatch(/Collections\n {2}NAME\s+ID\s+BY\s+RULE\n {2}All Systems\s+SMS00001\s+query\s+query "All Systems": name IS NOT NULL\n {2}Pilot\s+S0100004\s+direct\s+direct: ws-0042\n {2}-\s+-\s+include\s+include: Linux \(S0100003\)/);
    expect(view).toMatch(/Demo Tool\s+S0100001\s+Demo \(S0100002\)\s+Install\s+yes\s+SUCCEEDED\s+10009 Program completed successfully\s+3/);
    expect(view).toMatch(/Orphan\s+S0100007\s+S0100002\s+Install/);
    expect(view).toMatch(/Mac only\s+S0100006\s+Demo \(S0100002\)\s+Install\s+no: no program platform matches linux 6.8.0 x64\s+-/);
    expect(view).toMatch(/Office \(S0100005\): last failure\n {2}At\s+2026-03-02T06:00:00.000Z\n {2}State\s+FAILED\n {2}Message\s+10006 Program failed\n {2}Exit code\s+3/);
    expect(view).toContain('  Output (last 10 lines of each stream):\n    stderr (earlier output not shown):\n      disk full\n    stdout (earlier output not shown):\n      line 3\n');
    expect(view).toContain('      line 12\n  Every report: sdp advertisement history S0100005 --client 0190c6a3-7f1e-7000-8000-000000000001');
    expect(view).not.toContain('line 2\n');
  });

  it('says so when the advertisement service is older, and shows the rest', () => {
    const view = clientDocumentView({ client, collections: [], advertisements: null, advertisementsUnavailable: 'the advertisement service is older' });
    expect(view).toMatch(/Collections\n {2}none/);
    expect(view).toMatch(/Advertisements\n {2}the advertisement service is older$/m);
    expect(view).toContain('Installed software (2)');
  });
});
