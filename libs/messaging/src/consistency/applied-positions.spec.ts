import { positionsToAwait } from './applied-positions';

describe('positionsToAwait', () => {
  const groups = [
    { groupId: 'advertisement.catalog', topics: ['sdp.catalog.packages.v1'] },
    { groupId: 'advertisement.targeting', topics: ['sdp.targeting.collections.v1', 'sdp.targeting.membership.v1'] },
    { groupId: 'advertisement.catalog-copy', topics: ['sdp.catalog.packages.v1'] },
  ];

  it('waits for every group that reads the topic, and for none on topics nobody here reads', () => {
    expect(
      positionsToAwait(
        [
          { topic: 'sdp.catalog.packages.v1', subject: 'S0100001', sequence: 2 },
          { topic: 'sdp.replication.distribution-points.v1', subject: 'dp1', sequence: 1 },
          { topic: 'sdp.targeting.collections.v1', subject: 'S0100002', sequence: 1 },
        ],
        groups,
      ),
    ).toEqual([
      { groupId: 'advertisement.catalog', topic: 'sdp.catalog.packages.v1', subject: 'S0100001', sequence: 2 },
      { groupId: 'advertisement.catalog-copy', topic: 'sdp.catalog.packages.v1', subject: 'S0100001', sequence: 2 },
      { groupId: 'advertisement.targeting', topic: 'sdp.targeting.collections.v1', subject: 'S0100002', sequence: 1 },
    ]);
  });
});
