import { prepareClient } from './prepared-client';

describe('prepareClient', () => {
  it('lowercases what compares as text, keeps os.version and keys, and turns lastSeenAt into milliseconds', () => {
    const prepared = prepareClient({
      name: 'WS-Berlin',
      domain: 'CORP.Example.com',
      siteCode: 'S01',
      os: { name: 'Windows', version: '10.0-RC1', arch: 'X64' },
      ipAddresses: ['FE80::1'],
      lastSeenAt: '2026-03-02T06:55:00Z',
      inventory: { Department: 'Finance', tags: ['Kiosk', 3, true, null], disks: [{ Mount: 'C:' }] },
    });
    expect(prepared).toEqual({
      name: 'ws-berlin',
      domain: 'corp.example.com',
      siteCode: 's01',
      osName: 'windows',
      osVersion: '10.0-RC1',
      osArch: 'x64',
      ipAddresses: ['fe80::1'],
      lastSeenAt: Date.parse('2026-03-02T06:55:00Z'),
      inventory: { Department: 'finance', tags: ['kiosk', 3, true, null], disks: [{ Mount: 'c:' }] },
    });
    expect(prepareClient({ ...prepared, os: { name: 'x', version: '1', arch: 'y' }, domain: null, lastSeenAt: new Date(5) }).lastSeenAt).toBe(5);
  });

  it('keeps a key named __proto__ as an own key, not as the copy\'s prototype', () => {
    const inventory = JSON.parse('{"__proto__": {"polluted": "Yes"}}') as Record<string, unknown>;
    const prepared = prepareClient({ name: 'a', domain: null, siteCode: 'S01', os: { name: 'x', version: '1', arch: 'y' }, ipAddresses: [], lastSeenAt: new Date(0), inventory });
    expect(Object.getPrototypeOf(prepared.inventory)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(prepared.inventory, '__proto__')?.value).toEqual({ polluted: 'yes' });
  });
});
