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
