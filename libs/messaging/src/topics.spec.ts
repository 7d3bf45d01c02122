import { TOPICS } from '@sdp/contracts';
import { platformTopicSpecs } from './topics';

describe('platformTopicSpecs', () => {
  it('lists every platform topic with 6 partitions and replication factor 1 by default', () => {
    const specs = platformTopicSpecs();
    expect(specs.map((spec) => spec.topic).sort()).toEqual(Object.values(TOPICS).sort());
    expect(new Set(specs.map((spec) => `${spec.partitions}/${spec.replicationFactor}`))).toEqual(new Set(['6/1']));
  });

  it('adds the dead-letter topic of each topic a consumer group reads', () => {
    const specs = platformTopicSpecs({
      partitions: 3,
      replicationFactor: 3,
      consumerGroups: [{ groupId: 'sdp-advertisement', topics: [TOPICS.catalogPackages, TOPICS.targetingMembership] }],
    });
    expect(specs).toContainEqual({ topic: 'sdp.catalog.packages.v1.dlq.sdp-advertisement', partitions: 3, replicationFactor: 3 });
    expect(specs).toContainEqual({ topic: 'sdp.targeting.membership.v1.dlq.sdp-advertisement', partitions: 3, replicationFactor: 3 });
    expect(specs).toHaveLength(Object.values(TOPICS).length + 2);
  });
});
