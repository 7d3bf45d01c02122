import type { AdvertisementData } from '@sdp/contracts';
import { advertisementFixture, clientFixture, packageFixture, programFixture } from '../test-support/fixtures';
import { ClientPolicyData, groupPolicyData, PackageContentRecord, PolicyBatchRows } from './policy-data';

const first = '00000000-0000-7000-8000-00000000000a';
const second = '00000000-0000-7000-8000-00000000000b';
const unknown = '00000000-0000-7000-8000-00000000000c';

function advertisement(id: string, collectionId: string, packageId: string): AdvertisementData {
  return advertisementFixture({ id, collectionId, packageId });
}

function content(packageId: string, distributionPoint: string): PackageContentRecord {
  return { packageId, distributionPoint, state: 'INSTALLED', installedVersion: 1, siteCode: 'S01', boundaries: [], protected: false };
}

/**
 * `first` is in CHILD (below PARENT, below ROOT) and OTHER; `second` in OTHER only. P1 on ROOT
 * depends on P9; P2 on OTHER; P3 on a collection nobody of the batch is in.
 */
const rows: PolicyBatchRows = {
  clients: [
    { id: first, data: clientFixture({ id: first }) },
    { id: second, data: clientFixture({ id: second }) },
  ],
  memberships: [
    { clientId: first, collectionId: 'OTHER' },
    { clientId: first, collectionId: 'CHILD' },
    { clientId: second, collectionId: 'OTHER' },
  ],
  ancestors: [
    { collectionId: 'CHILD', ancestorId: 'PARENT' },
    { collectionId: 'CHILD', ancestorId: 'ROOT' },
  ],
  maintenanceWindows: [
    { collectionId: 'CHILD', windows: [] },
    { collectionId: 'OTHER', windows: [] },
  ],
  advertisements: [advertisement('A1', 'ROOT', 'P1'), advertisement('A2', 'OTHER', 'P2'), advertisement('A3', 'ELSEWHERE', 'P3')],
  chains: [
    { rootPackageId: 'P1', rootProgram: 'Install', program: programFixture({ packageId: 'P1', name: 'Install' }) },
    { rootPackageId: 'P1', rootProgram: 'Install', program: programFixture({ packageId: 'P9', name: 'Base' }) },
    { rootPackageId: 'P2', rootProgram: 'Install', program: programFixture({ packageId: 'P2', name: 'Install' }) },
    { rootPackageId: 'P3', rootProgram: 'Install', program: programFixture({ packageId: 'P3', name: 'Install' }) },
  ],
  packages: ['P1', 'P2', 'P3', 'P9'].map((id) => packageFixture({ id })),
  contents: [content('P1', 'DP1'), content('P2', 'DP1'), content('P2', 'DP2'), content('P3', 'DP1'), content('P9', 'DP2')],
  distributionPoints: [{ name: 'DP1', siteCode: 'S01', boundaries: [], protected: false, enabled: true }],
  retryGenerations: [{ clientId: first, advertisementId: 'A2', generation: 2 }],
};

function summary(data: ClientPolicyData) {
  return {
    client: data.client?.id,
    collections: [...data.collections].sort(),
    ancestors: [...data.ancestors].sort(),
    advertisements: data.advertisements.map((entry) => entry.id),
    programs: data.programs.map((program) => `${program.packageId}/${program.name}`).sort(),
    packages: data.packages.map((pkg) => pkg.id).sort(),
    contents: data.contents.map((entry) => `${entry.packageId}@${entry.distributionPoint}`).sort(),
    windows: data.maintenanceWindows.map((windows) => windows.collectionId),
  };
}

describe('groupPolicyData', () => {
  it("gives each client of a batch its own share: collections, ancestors, advertisements in the batch's order, chains, packages, content", () => {
    const [forFirst, forSecond] = groupPolicyData([first, second], rows, false);
    expect(summary(forFirst)).toEqual({
      client: first,
      collections: ['CHILD', 'OTHER'],
      ancestors: ['PARENT', 'ROOT'],
      advertisements: ['A1', 'A2'],
      programs: ['P1/Install', 'P2/Install', 'P9/Base'],
      packages: ['P1', 'P2', 'P9'],
      contents: ['P1@DP1', 'P2@DP1', 'P2@DP2', 'P9@DP2'],
      windows: ['CHILD', 'OTHER'],
    });
    expect(summary(forSecond)).toEqual({
      client: second,
      collections: ['OTHER'],
      ancestors: [],
      advertisements: ['A2'],
      programs: ['P2/Install'],
      packages: ['P2'],
      contents: ['P2@DP1', 'P2@DP2'],
      windows: ['OTHER'],
    });
    expect(forFirst.distributionPoints).toBe(rows.distributionPoints);
  });

  it('gives each client only its own "retry failed" generations', () => {
    const [forFirst, forSecond] = groupPolicyData([first, second], rows, false);
    expect([...forFirst.retryGenerations]).toEqual([['A2', 2]]);
    expect([...forSecond.retryGenerations]).toEqual([]);
  });

  it('groups a batch exactly as it groups each of its clients alone', () => {
    const batch = groupPolicyData([first, second, unknown], rows, false);
    const alone = [first, second, unknown].map((clientId) => groupPolicyData([clientId], rows, false)[0]);
    expect(batch).toEqual(alone);
  });

  it('leaves a client unknown to the batch without client data or memberships', () => {
    const [data] = groupPolicyData([unknown], rows, false);
    expect(summary(data)).toEqual({ client: undefined, collections: [], ancestors: [], advertisements: [], programs: [], packages: [], contents: [], windows: [] });
  });

  it('finds memberships whatever the case of the client ID asked for (PostgreSQL prints uuids in lower case)', () => {
    const [data] = groupPolicyData([second.toUpperCase()], rows, false);
    expect([...data.collections]).toEqual(['OTHER']);
  });

  it('gives every advertisement read to the client when explaining, member or not', () => {
    const [data] = groupPolicyData([second], rows, true);
    expect(data.advertisements.map((entry) => entry.id)).toEqual(['A1', 'A2', 'A3']);
    expect(summary(data).programs).toEqual(['P1/Install', 'P2/Install', 'P3/Install', 'P9/Base']);
  });
});
