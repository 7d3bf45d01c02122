import { InventoryDocument, mergeInventory, parseInventoryOverride, withLoggedOnUsers } from './inventory-document';
import { cpuArchOf, dottedVersionOf, osNameOf } from './os-identity';

const machine: InventoryDocument = {
  name: 'build-box',
  hardwareId: 'hw-1',
  domain: null,
  os: { name: 'linux', version: '6.8.0', arch: 'x64' },
  ipAddresses: ['10.0.0.5'],
  inventory: { memoryBytes: 1024, disks: [] },
};

describe('inventory overrides', () => {
  it('lets a file pose as another system, field by field', () => {
    const merged = mergeInventory(machine, {
      name: 'ws-berlin-042',
      hardwareId: 'hw-42',
      domain: 'corp.example.com',
      os: { name: 'windows', version: '10.0.19045' },
      ipAddresses: ['10.1.4.42'],
      inventory: { department: 'Finance', memoryBytes: 8 },
    });
    expect(merged).toEqual({
      name: 'ws-berlin-042',
      hardwareId: 'hw-42',
      domain: 'corp.example.com',
      os: { name: 'windows', version: '10.0.19045', arch: 'x64' },
      ipAddresses: ['10.1.4.42'],
      inventory: { memoryBytes: 8, disks: [], department: 'Finance' },
    });
  });

  it('keeps the machine values the file does not name', () => {
    expect(mergeInventory(machine, {})).toEqual(machine);
    expect(mergeInventory({ ...machine, domain: 'corp' }, { domain: null }).domain).toBeNull();
  });

  it('sends no installed software of the machine when posing as another OS, unless the file gives some', () => {
    const software = [{ name: 'bash', version: '5.2.15-2+b7', publisher: 'Matthias Klose', source: 'dpkg' }];
    const withSoftware = { ...machine, inventory: { ...machine.inventory, software } };
    expect(mergeInventory(withSoftware, { os: { name: 'linux', version: '6.1' } }).inventory.software).toEqual(software);
    expect(mergeInventory(withSoftware, { name: 'same-os' }).inventory.software).toEqual(software);
    expect(mergeInventory(withSoftware, { os: { name: 'windows', version: '10.0.19045' } }).inventory.software).toEqual([]);
    const posed = [{ name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov', source: 'windows-registry' }];
    const override = parseInventoryOverride({ os: { name: 'windows' }, inventory: { software: posed } }, 'inv.json');
    expect(mergeInventory(withSoftware, override).inventory.software).toEqual(posed);
  });

  it('takes loggedOnUsers at the top level and puts them in the inventory, null when unknown', () => {
    expect(parseInventoryOverride({ loggedOnUsers: [] }, 'inv.json')).toEqual({ loggedOnUsers: [] });
    expect(withLoggedOnUsers(machine, ['alice']).inventory).toEqual({ memoryBytes: 1024, disks: [], loggedOnUsers: ['alice'] });
    expect(withLoggedOnUsers(machine, 'unknown').inventory).toEqual({ memoryBytes: 1024, disks: [], loggedOnUsers: null });
  });

  it.each([
    [[], 'must hold a JSON object'],
    [{ hostname: 'x' }, 'unknown field "hostname"'],
    [{ name: 5 }, 'name must be a string'],
    [{ os: { kernel: '6' } }, 'os.kernel is not a string field of os'],
    [{ ipAddresses: '10.0.0.1' }, 'ipAddresses must be an array of strings'],
    [{ inventory: [1] }, 'inventory must be an object'],
    [{ loggedOnUsers: 'alice' }, 'loggedOnUsers must be an array of strings'],
    [{ inventory: { loggedOnUsers: ['alice'] } }, 'give loggedOnUsers at the top level, not in inventory'],
    [{ inventory: { software: {} } }, 'inventory.software must be an array'],
    [{ inventory: { software: ['7-Zip'] } }, 'inventory.software[0] must be an object'],
    [{ inventory: { software: [{ name: '', version: null, publisher: null, source: 'rpm' }] } }, 'inventory.software[0].name must be a string of 1 to 256 characters'],
    [{ inventory: { software: [{ name: 'x', publisher: null, source: 'rpm' }] } }, 'inventory.software[0].version must be null or a string'],
    [{ inventory: { software: [{ name: 'x', version: null, publisher: null, source: 'msi' }] } }, 'inventory.software[0].source must be one of dpkg, rpm, windows-registry, macos-applications'],
    [{ inventory: { software: [{ name: 'x', version: null, publisher: null, source: 'rpm', vendor: 'y' }] } }, 'inventory.software[0] has an unknown field "vendor"'],
  ])('rejects override %j', (value, message) => {
    expect(() => parseInventoryOverride(value, 'inv.json')).toThrow(`inv.json: ${message}`);
  });
});

describe('OS identity', () => {
  it('maps platforms and architectures to the platform vocabulary', () => {
    expect([osNameOf('win32'), osNameOf('darwin'), osNameOf('linux'), osNameOf('aix')]).toEqual(['windows', 'macos', 'linux', undefined]);
    expect([cpuArchOf('x64'), cpuArchOf('arm64'), cpuArchOf('ia32'), cpuArchOf('mips')]).toEqual(['x64', 'arm64', 'x86', undefined]);
  });

  it('keeps the dotted part of a release string', () => {
    expect(dottedVersionOf('6.8.0-1019-aws')).toBe('6.8.0');
    expect(dottedVersionOf('10.0.19045')).toBe('10.0.19045');
    expect(dottedVersionOf('unknown')).toBe('0');
  });
});
