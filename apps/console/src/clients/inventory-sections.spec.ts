import { filterSoftware, inventorySections } from './inventory-sections';

const base = { os: { name: 'linux' as const, version: '6.1.0', arch: 'x64' as const }, domain: 'corp.example', ipAddresses: ['10.0.0.5', '10.0.0.6'] };

describe('inventorySections', () => {
  it("reads the agent's own keys into hardware, OS and network, and leaves the rest as custom fields", () => {
    const sections = inventorySections({
      ...base,
      inventory: {
        agentVersion: '1.4.0',
        memoryBytes: 8 * 1024 ** 3,
        cpus: { count: 4, model: 'Xeon E5' },
        osRelease: '6.1.0-18-amd64',
        osDescription: '#1 SMP Debian',
        disks: [{ path: '/', totalBytes: 100 * 1024 ** 3, freeBytes: 25 * 1024 ** 3 }],
        loggedOnUsers: ['alice', 'bob'],
        department: 'Finance',
        rack: { row: 3, slot: 'B' },
        pilot: true,
      },
    });
    expect(sections.hardware).toEqual([
      { label: 'CPU', value: '4 × Xeon E5' },
      { label: 'Memory', value: '8.0 GiB' },
      { label: 'Disk /', value: '25 GiB free of 100 GiB' },
    ]);
    expect(sections.os).toEqual([
      { label: 'Operating system', value: 'linux 6.1.0 x64' },
      { label: 'Release', value: '6.1.0-18-amd64' },
      { label: 'Description', value: '#1 SMP Debian' },
      { label: 'Agent version', value: '1.4.0' },
      { label: 'Logged-on users', value: 'alice, bob' },
    ]);
    expect(sections.network).toEqual([
      { label: 'Domain', value: 'corp.example' },
      { label: 'IP addresses', value: '10.0.0.5, 10.0.0.6' },
    ]);
    expect(sections.software).toBeNull();
    expect(sections.custom).toEqual([
      { key: 'department', value: 'Finance', structured: false },
      { key: 'pilot', value: 'true', structured: false },
      { key: 'rack', value: '{\n  "row": 3,\n  "slot": "B"\n}', structured: true },
    ]);
  });

  it('keeps a key of the agent whose value has another shape as a custom field, not lost', () => {
    const sections = inventorySections({ ...base, domain: null, ipAddresses: [], inventory: { memoryBytes: 'lots', disks: [{ path: '/' }], loggedOnUsers: null } });
    expect(sections.hardware).toEqual([]);
    expect(sections.os).toContainEqual({ label: 'Logged-on users', value: 'unknown' });
    expect(sections.network).toEqual([
      { label: 'Domain', value: '—' },
      { label: 'IP addresses', value: '—' },
    ]);
    expect(sections.custom.map((field) => field.key)).toEqual(['disks', 'memoryBytes']);
  });

  it('lists reported software sorted by name, and filters it by name, version or publisher', () => {
    const sections = inventorySections({
      ...base,
      inventory: {
        software: [
          { name: 'zlib1g', version: '1.2.13', publisher: null, source: 'dpkg' },
          { name: 'Firefox', version: '128.0', publisher: 'Mozilla', source: 'dpkg' },
          { name: 'curl', version: null, publisher: 'Daniel Stenberg', source: 'dpkg' },
        ],
      },
    });
    expect(sections.software?.map((entry) => entry.name)).toEqual(['curl', 'Firefox', 'zlib1g']);
    expect(sections.custom).toEqual([]);
    expect(filterSoftware(sections.software!, 'MOZ').map((entry) => entry.name)).toEqual(['Firefox']);
    expect(filterSoftware(sections.software!, '1.2').map((entry) => entry.name)).toEqual(['zlib1g']);
    expect(filterSoftware(sections.software!, '  ')).toHaveLength(3);
  });

  it('shows a software value that is not a list of named entries as a custom field', () => {
    const sections = inventorySections({ ...base, inventory: { software: 'see CMDB' } });
    expect(sections.software).toBeNull();
    expect(sections.custom).toEqual([{ key: 'software', value: 'see CMDB', structured: false }]);
  });
});
